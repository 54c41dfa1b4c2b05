package io.tableload.sandbox.s3;

import java.util.Locale;
import java.util.Objects;

/**
 * Which requests {@link FaultProxy} spoils, and how.
 *
 * @param fault what happens to a selected request
 * @param method HTTP method the rule applies to ({@code GET}, {@code PUT}, ...), or {@code null}
 *     for any
 * @param rangedOnly whether only requests with a {@code Range} header are selected
 * @param limit how many requests at most this rule spoils over its lifetime
 * @param share the probability (0 to 1) that a matching request is spoiled, drawn from the
 *     proxy's seeded random source
 * @param pathPart text the request path must contain (say {@code .parquet}, to spoil data
 *     fetches but not listings), or {@code null} for any path
 */
public record FaultRule(Fault fault, String method, boolean rangedOnly, int limit, double share, String pathPart) {
    public FaultRule {
        Objects.requireNonNull(fault, "fault");
        method = method == null ? null : method.toUpperCase(Locale.ROOT);
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        }
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be within [0, 1], was " + share);
        }
    }

    /** Spoils the first {@code count} requests, of any method. */
    public static FaultRule first(int count, Fault fault) {
        return new FaultRule(fault, null, false, count, 1.0, null);
    }

    /** Spoils each request with probability {@code share}, without limit. */
    public static FaultRule share(double share, Fault fault) {
        return new FaultRule(fault, null, false, Integer.MAX_VALUE, share, null);
    }

    /** Spoils every request, without limit. */
    public static FaultRule always(Fault fault) {
        return share(1.0, fault);
    }

    /** The same rule, restricted to one HTTP method. */
    public FaultRule onlyMethod(String httpMethod) {
        return new FaultRule(fault, httpMethod, rangedOnly, limit, share, pathPart);
    }

    /** The same rule, restricted to requests carrying a {@code Range} header. */
    public FaultRule onlyRanged() {
        return new FaultRule(fault, method, true, limit, share, pathPart);
    }

    /** The same rule, restricted to requests whose path (query left out) contains {@code text}. */
    public FaultRule onlyPathContaining(String text) {
        return new FaultRule(fault, method, rangedOnly, limit, share, Objects.requireNonNull(text, "text"));
    }

    boolean matches(String requestMethod, boolean ranged, String path) {
        return (method == null || method.equalsIgnoreCase(requestMethod)) && (!rangedOnly || ranged)
                && (pathPart == null || path.contains(pathPart));
    }
}
