package io.tableload.load;

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
 */
public record LoadOptions(Optional<Path> destination, TransferListener listener, boolean queries) {
    public LoadOptions {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(listener, "listener");
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
        return new LoadOptions(destination, listener, queries);
    }

    /** The same load, its rows to be queried or exported afterwards (see {@code queries}). */
    public LoadOptions withQueries() {
        return new LoadOptions(destination, listener, true);
    }
}
