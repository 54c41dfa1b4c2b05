package io.tableload.s3;

import io.tableload.TableloadException;

/**
 * Several items of a batch failed. Carries the code and message of the first failure (in request
 * order), which is also the cause; the {@link BatchResult} has every failure.
 */
public final class BatchFailedException extends TableloadException {
    private static final long serialVersionUID = 1L;

    private final int failed;

    BatchFailedException(TableloadException first, int failed, int total) {
        super(first.code(), failed + " of " + total + " requests failed; the first: " + first.getMessage(), first);
        this.failed = failed;
    }

    /** How many items failed. */
    public int failedCount() {
        return failed;
    }
}
