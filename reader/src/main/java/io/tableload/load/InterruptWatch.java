package io.tableload.load;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cancels a DuckDB statement once the thread running it is interrupted (a notebook's interrupt, a
 * step stopped with {@code Future.cancel(true)}). The thread waits in DuckDB's native code, which
 * never hears an interrupt, so one shared watcher thread looks every {@value #PERIOD_MS} ms.
 */
final class InterruptWatch {
    private static final long PERIOD_MS = 100;
    private static final ScheduledExecutorService WATCHER = Executors.newSingleThreadScheduledExecutor(work -> {
        Thread thread = new Thread(work, "tableload-query-interrupts");
        thread.setDaemon(true);
        return thread;
    });

    /** Work on a statement. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    private InterruptWatch() {
    }

    /**
     * Runs {@code work} on the calling thread, cancelling {@code statement} if the thread is
     * interrupted meanwhile: the work then fails with DuckDB's "interrupted" error.
     */
    static <T> T during(Statement statement, SqlWork<T> work) throws SQLException {
        Thread running = Thread.currentThread();
        ScheduledFuture<?> looking = WATCHER.scheduleWithFixedDelay(() -> {
            if (running.isInterrupted()) {
                try {
                    statement.cancel();
                } catch (SQLException | RuntimeException e) {
                    // closed meanwhile: the statement has ended anyway
                }
            }
        }, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        try {
            return work.run();
        } finally {
            looking.cancel(false);
        }
    }
}
