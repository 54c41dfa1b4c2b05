package io.tableload.s3;

import java.time.Duration;
import java.util.Objects;

/**
 * How transient failures (503 SlowDown, 500, 502, 504, RequestTimeout, connection resets, bodies
 * cut short, stalls) are retried: capped exponential backoff with full jitter, per failed
 * request or part only. Not-found, access-denied and invalid-range answers are never retried.
 *
 * @param maxAttempts attempts per request, including the first (at least 1)
 * @param baseBackoff the backoff ceiling before the second attempt; doubles for each further one
 * @param maxBackoff the largest ceiling the doubling may reach
 * @param overallTimeout the longest one item (an object or one of its parts) may spend across
 *     all its attempts before it fails as unreachable
 */
public record RetryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff, Duration overallTimeout) {
    public RetryPolicy {
        Objects.requireNonNull(baseBackoff, "baseBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(overallTimeout, "overallTimeout");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (baseBackoff.isNegative() || maxBackoff.compareTo(baseBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= baseBackoff <= maxBackoff, was " + baseBackoff + ", " + maxBackoff);
        }
        if (overallTimeout.isNegative() || overallTimeout.isZero()) {
            throw new IllegalArgumentException("overallTimeout must be positive, was " + overallTimeout);
        }
    }

    /** 6 attempts, 100 ms doubling up to 5 s, 3 minutes overall. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMinutes(3));
    }

    /** One attempt only. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofMinutes(3));
    }
}
