package io.tableload.load;

import io.tableload.s3.Cancellation;
import io.tableload.s3.TransferListener;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to carry out one load.
 *
 * @param destination the directory to load into and keep (the caller owns the files; a previous
 *     load there is replaced whole); empty for a private temporary directory, on tmpfs when it has
 *     room, that is deleted when the {@link LoadedTable} closes
 * @param listener progress callbacks (for progress bars)
 * @param queries whether the caller will query or export the loaded rows ({@link LoadedTable#query},
 *     {@link LoadedTable#export}): DuckDB then starts while the files download, rather than after
 * @param extract the {@link Extract} the load exports its rows with, before it returns and before
 *     it keeps its files ({@link LoadedTable#exportedRows} gives the count): its column names are
 *     checked before the download, the rest against the table's declared columns while the
 *     files download, and one that cannot run (a syntax error, an unknown column or function)
 *     stops the download and fails the load with a {@code USAGE} error, keeping nothing. An export
 *     that fails over the data itself (a value that does not convert, say) fails the load too,
 *     and a previous load in the destination stays as it was; implies {@code queries}
 * @param cancellation what another thread may cancel the load with: files not yet downloaded
 *     are not, and the load fails with the reason given, keeping nothing (an earlier load in the
 *     destination stays as it was)
 */
public record LoadOptions(Optional<Path> destination, TransferListener listener, boolean queries,
        Optional<Extract> extract, Optional<Cancellation> cancellation) {
    public LoadOptions {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(extract, "extract");
        Objects.requireNonNull(cancellation, "cancellation");
        queries = queries || extract.isPresent();
    }

    /** Options for a load whose rows may be queried, with no extract known ahead. */
    public LoadOptions(Optional<Path> destination, TransferListener listener, boolean queries) {
        this(destination, listener, queries, Optional.empty(), Optional.empty());
    }

    /** Options for a load whose rows are not queried afterwards. */
    public LoadOptions(Optional<Path> destination, TransferListener listener) {
        this(destination, listener, false);
    }

    /** A private temporary directory, no progress callbacks. */
    public static LoadOptions temporary() {
        return new LoadOptions(Optional.empty(), TransferListener.NONE);
    }

    /** Load into {@code directory} and keep the files there. */
    public static LoadOptions into(Path directory) {
        return new LoadOptions(Optional.of(directory), TransferListener.NONE);
    }

    public LoadOptions withListener(TransferListener listener) {
        return new LoadOptions(destination, listener, queries, extract, cancellation);
    }

    /** The same load, its rows to be queried or exported afterwards (see {@code queries}). */
    public LoadOptions withQueries() {
        return new LoadOptions(destination, listener, true, extract, cancellation);
    }

    /** The same load, its rows exported with {@code extract} before anything is kept (see {@code extract}). */
    public LoadOptions withExtract(Extract extract) {
        return new LoadOptions(destination, listener, true, Optional.of(extract), cancellation);
    }

    /** The same load, cancelled when {@code cancellation} is (see {@code cancellation}). */
    public LoadOptions withCancellation(Cancellation cancellation) {
        return new LoadOptions(destination, listener, queries, extract, Optional.of(cancellation));
    }
}
