package io.tableload.s3;

import io.tableload.TableloadException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Gives up a {@linkplain S3Session#download(java.util.List, java.nio.file.Path, TransferListener, Cancellation)
 * download} in flight, from any thread. Once cancelled, requests not yet sent are not sent,
 * bodies being received are dropped (their connections closed rather than drained), and every
 * object not already complete fails with an error built from the reason. A file under its final
 * name stays; a partial one is removed, as with any failure.
 *
 * <p>An {@linkplain S3Session#putMany(java.util.List, Cancellation) upload} is given up the same
 * way: no request is sent or retried after the cancellation, and the objects not yet written fail
 * with the reason.
 *
 * <p>For example, a load whose rows are to be filtered checks the filter while the files download
 * and, when the filter is bad, cancels the download rather than finishing it for nothing.
 */
public final class Cancellation {
    private final AtomicReference<TableloadException> reason = new AtomicReference<>();

    /**
     * Cancels the download with {@code why}; a second call keeps the first reason.
     *
     * @param why what the cancelled objects' errors say and carry as their cause (its error code too)
     */
    public void cancel(TableloadException why) {
        reason.compareAndSet(null, Objects.requireNonNull(why, "why"));
    }

    /** Whether {@link #cancel} was called. */
    public boolean isCancelled() {
        return reason.get() != null;
    }

    /** The reason given to {@link #cancel}, if it was called. */
    public Optional<TableloadException> reason() {
        return Optional.ofNullable(reason.get());
    }
}
