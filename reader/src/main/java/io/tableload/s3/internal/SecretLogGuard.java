package io.tableload.s3.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps credentials out of debug logs. A few loggers below the engine print every request they
 * sign or send in full at DEBUG: the SDK's SigV4 signer logs the canonical request (with the
 * session token), and the Apache HTTP client's header and wire logs print the session token and
 * the Authorization header. Turning the root logger to DEBUG, a common first step when something
 * fails, would put them in the log. Before a session's first request these loggers are capped at
 * INFO when the logging backend is logback (the one tableload ships); with another backend, a
 * warning says what to switch off.
 */
final class SecretLogGuard {
    private static final Logger LOG = LoggerFactory.getLogger(SecretLogGuard.class);
    private static final List<String> LEAKY = List.of(
            // Packages, for configurations that turn on whole trees, and the classes themselves,
            // for configurations that name them (a class's own level beats its package's).
            "software.amazon.awssdk.http.auth.aws.internal.signer",
            "software.amazon.awssdk.http.auth.aws.internal.signer.DefaultV4RequestSigner",
            "software.amazon.awssdk.auth.signer",
            "org.apache.hc.client5.http.headers",
            "org.apache.hc.client5.http.wire",
            "org.apache.http.headers",
            "org.apache.http.wire");
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private SecretLogGuard() {
    }

    /** Caps every logger that would print secrets at INFO (logback), or warns once (other backends). */
    static void apply() {
        for (String name : LEAKY) {
            Logger logger = LoggerFactory.getLogger(name);
            if (!logger.isDebugEnabled()) {
                continue;
            }
            if (!capAtInfo(logger) && WARNED.compareAndSet(false, true)) {
                LOG.warn("the logger {} is at DEBUG and prints request headers, session tokens included;"
                        + " set it to INFO or above", name);
            }
        }
    }

    /** Sets a logback logger's level by reflection, so the engine needs no logback at compile time. */
    private static boolean capAtInfo(Logger logger) {
        try {
            ClassLoader loader = logger.getClass().getClassLoader();
            Class<?> level = Class.forName("ch.qos.logback.classic.Level", false, loader);
            if (!logger.getClass().getName().equals("ch.qos.logback.classic.Logger")) {
                return false;
            }
            logger.getClass().getMethod("setLevel", level).invoke(logger, level.getField("INFO").get(null));
            return true;
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }
}
