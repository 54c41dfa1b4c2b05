package io.tableload.s3.internal;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.RetryPolicy;
import io.tableload.s3.S3Url;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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

    /** A request told the {@link System#nanoTime()} by which every attempt must be over. */
    interface TimedAttempt<T> {
        T run(long deadlineNanos) throws Exception;
    }

    private final RetryPolicy policy;
    private final Supplier<String> credentialSource;

    /**
     * @param credentialSource where the session's credentials come from, named in access-denied
     *     errors (a source, never a secret)
     */
    Retrier(RetryPolicy policy, Supplier<String> credentialSource) {
        this.policy = policy;
        this.credentialSource = credentialSource;
    }

    <T> T run(S3Url url, String action, Attempt<T> attempt) {
        return run(url, action, (TimedAttempt<T>) deadline -> attempt.run());
    }

    /**
     * Runs {@code attempt} until it succeeds, fails for good, or the policy's overall time is
     * spent; the attempt is handed that deadline so that it can cut a slow transfer short.
     */
    <T> T run(S3Url url, String action, TimedAttempt<T> attempt) {
        long deadline = System.nanoTime() + policy.overallTimeout().toNanos();
        for (int n = 1; ; n++) {
            try {
                return attempt.run(deadline);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    throw new TableloadException(ErrorCode.INTERNAL, action + " " + url + " was interrupted", e);
                }
                long sleep = backoffNanos(n);
                boolean retry = Errors.isTransient(e) && n < policy.maxAttempts()
                        && System.nanoTime() + sleep < deadline && !Thread.currentThread().isInterrupted();
                if (!retry) {
                    throw giveUp(e, url, action, n, deadline);
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

    /** Whether {@code e} comes from the local file system (a file this user may not write, say), not from S3. */
    private static boolean isLocal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LocalWriteException || t instanceof java.nio.file.FileSystemException) {
                return true;
            }
        }
        return false;
    }

    /** The error for the last failure; for a transient one, says how much of the budget was spent. */
    private TableloadException giveUp(Exception e, S3Url url, String action, int attempts, long deadline) {
        TableloadException error = Errors.translate(e, url, action, attempts);
        if (error.code() == ErrorCode.ACCESS_DENIED && !(error instanceof CredentialSource.NoCredentialsException)
                && !isLocal(e) && !Errors.isArchived(e)) { // the server refused: say whose credentials it refused
            return new TableloadException(ErrorCode.ACCESS_DENIED, error.getMessage()
                    + "; the credentials came from " + credentialSource.get(), error.getCause());
        }
        if (error.code() != ErrorCode.UNREACHABLE || Errors.isCertificateFailure(e)) {
            return error;
        }
        long spentMillis = (System.nanoTime() - (deadline - policy.overallTimeout().toNanos())) / 1_000_000;
        return new TableloadException(ErrorCode.UNREACHABLE, error.getMessage() + " (gave up after " + spentMillis
                + " ms; the retry budget is " + policy.maxAttempts() + " attempts within "
                + policy.overallTimeout().toMillis() + " ms)", error.getCause());
    }

    /** Full jitter: uniform in [0, min(max, base * 2^(attempt-1))]. */
    private long backoffNanos(int attempt) {
        long base = policy.baseBackoff().toNanos();
        long cap = policy.maxBackoff().toNanos();
        long ceiling = attempt >= 30 ? cap : Math.min(cap, base << (attempt - 1));
        return ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
    }
}
