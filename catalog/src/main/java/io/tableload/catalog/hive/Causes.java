package io.tableload.catalog.hive;

/** Reading the reason out of a chain of exceptions. */
final class Causes {
    private Causes() {}

    /**
     * The innermost message of {@code e}'s chain, where the real reason is ("Server not found in
     * Kerberos database", "PKIX path building failed"), rather than its wrappers'.
     */
    static String innermostMessage(Throwable e) {
        String reason = e.getMessage();
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getMessage() != null) {
                reason = t.getMessage();
            }
        }
        return reason == null ? e.getClass().getSimpleName() : reason;
    }
}
