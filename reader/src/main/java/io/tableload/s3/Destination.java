package io.tableload.s3;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an {@link S3Session} puts what it downloads.
 */
public sealed interface Destination {
    /**
     * A private temporary directory owned by the session (0700, files 0600), on {@code /dev/shm}
     * when it exists and has room for the request, else in {@code java.io.tmpdir}. Deleted with
     * everything in it on {@link S3Session#close()} and at JVM shutdown.
     */
    static Destination temporary() {
        return new Temporary();
    }

    /**
     * An existing directory chosen by the caller, who owns the files: the session does not delete
     * them. Files are still created 0600.
     */
    static Destination directory(Path path) {
        return new Directory(path);
    }

    /** No files at all: downloaded bytes are kept in memory (objects up to 2 GiB). */
    static Destination memory() {
        return new Memory();
    }

    /** See {@link #temporary()}. */
    record Temporary() implements Destination {
    }

    /** See {@link #directory(Path)}. */
    record Directory(Path path) implements Destination {
        public Directory {
            Objects.requireNonNull(path, "path");
        }
    }

    /** See {@link #memory()}. */
    record Memory() implements Destination {
    }
}
