package io.tableload.s3;

/**
 * Progress of a batch, for progress bars. Called from transfer threads, possibly concurrently;
 * implementations must be thread-safe and quick (no I/O on the calling thread).
 */
public interface TransferListener {
    /** Ignores everything. */
    TransferListener NONE = new TransferListener() { };

    /** A batch starts: how many objects and, as far as known, how many bytes ({@code -1} if unknown). */
    default void started(int objects, long bytes) {
    }

    /** {@code bytes} more were received (counts may go back up after a retried part). */
    default void bytesTransferred(long bytes) {
    }

    /** One more object finished, successfully or not. */
    default void objectDone(S3Url url, boolean success) {
    }
}
