package io.tableload.s3.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one-time set-up in the JVM that a session's first request waits for, done ahead on a
 * daemon thread: the first SHA-256 lookup loads the JDK's security providers (about 15 ms on a
 * cold JVM). A command line starts it before parsing its arguments, so the two overlap.
 */
public final class SessionPreparation {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private SessionPreparation() {
    }

    /** Starts the set-up once per JVM; later calls return at once. */
    public static void startInBackground() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(SessionPreparation::prepare, "tableload-s3-prepare");
        t.setDaemon(true);
        t.start();
    }

    private static void prepare() {
        try {
            SigV4.prepare();
        } catch (RuntimeException | LinkageError e) {
            // Only a head start: the first request does the same set-up and reports what fails.
        }
    }
}
