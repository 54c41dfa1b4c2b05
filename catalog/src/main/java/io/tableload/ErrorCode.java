package io.tableload;

/**
 * What kind of failure a {@link TableloadException} reports. Each kind maps to one process exit
 * code of the {@code tableload} command; scripts rely on these numbers, so they never change.
 */
public enum ErrorCode {
    /** A bug or an unexpected failure inside tableload. */
    INTERNAL(1),
    /** A bad option, partition spec, table name or URL: the caller must change the request. */
    USAGE(2),
    /** A database, table, bucket or key that does not exist. */
    NOT_FOUND(3),
    /** The request was valid but selected nothing (no partition or no file matched). */
    NOTHING_MATCHED(4),
    /**
     * The metastore or the object store refused the credentials or the permission, or the local
     * file system refused this user the destination (permissions, a read-only mount).
     */
    ACCESS_DENIED(5),
    /** The metastore or the object store could not be reached, even after retries. */
    UNREACHABLE(6),
    /** The destination does not have room for the data. */
    NO_ROOM(7);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The exit code the {@code tableload} command ends with for this kind of failure. */
    public int exitCode() {
        return exitCode;
    }
}
