package io.tableload.s3.internal;

import io.tableload.TableloadException;
import io.tableload.s3.RetryPolicy;
import io.tableload.s3.S3Url;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one request (or one part) with capped exponential backoff and full jitter. Only transient
 * failures are retried; the rest fail at once. Gives up after the policy's attempts or its
 * overall time, whichever comes first.
 */
final class Retrier {
    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    /** A request that may throw anything. */
    interface Attempt<T> {
        T run() throws Exception;
    }

    private final RetryPolicy policy;

    Retrier(RetryPolicy policy) {
        this.policy = policy;
    }

    <T> T run(S3Url url, String action, Attempt<T> attempt) {
        long deadline = System.nanoTime() + policy.overallTimeout().toNanos();
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    throw new TableloadException(io.tableload.ErrorCode.INTERNAL, action + " " + url + " was interrupted", e);
                }
                long sleep = backoffNanos(n);
                boolean retry = Errors.isTransient(e) && n < policy.maxAttempts()
                        && System.nanoTime() + sleep < deadline && !Thread.currentThread().isInterrupted();
                if (!retry) {
                    throw Errors.translate(e, url, action, n);
                }
                LOG.debug("retrying {} {} after attempt {}: {}", action, url, n, Errors.describe(e));
                try {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw Errors.translate(e, url, action, n);
                }
            }
        }
    }

    /** Full jitter: uniform in [0, min(max, base * 2^(attempt-1))]. */
    private long backoffNanos(int attempt) {
        long base = policy.baseBackoff().toNanos();
        long cap = policy.maxBackoff().toNanos();
        long ceiling = attempt >= 30 ? cap : Math.min(cap, base << (attempt - 1));
        return ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
    }
}
