package io.tableload.load;

import io.tableload.TableloadException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DuckDB, opened on a background thread while a load's files download, so that the query after
 * the download does not wait for it: the first connection loads DuckDB's native library, a few
 * tenths of a second. Given the {@link Extract} the rows are for, the same thread then checks it
 * ({@link ExtractCheck}), so that a bad one can stop the download.
 *
 * <p>The connection may have been opened earlier still, while the load was planned
 * ({@link #openAhead}, for {@link TableLoader#prepareQueries}). It is handed to the one
 * {@link DuckDbTable} over the loaded files ({@link #take}),
 * or closed with {@link #close}. Failing to open DuckDB is not reported here: the table opens
 * a connection of its own, which reports it.
 */
final class DuckDbStart implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbStart.class);

    /** What the background thread came to: a connection, unless DuckDB failed to start or the extract was rejected. */
    private record Outcome(Connection connection, TableloadException rejection) {
    }

    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private boolean handedOver;

    private DuckDbStart() {}

    /**
     * Starts opening a connection on a background thread, before any plan is there
     * ({@link TableLoader#prepareQueries}); the future holds null when DuckDB failed to start.
     */
    static CompletableFuture<Connection> openAhead() {
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        startThread(() -> opened.complete(openOrNull()));
        return opened;
    }

    /** Closes what {@link #openAhead} opens, now or once it is open. */
    static void closeWhenOpen(CompletableFuture<Connection> opening) {
        opening.thenAccept(c -> {
            if (c != null) {
                closeQuietly(c);
            }
        });
    }

    /**
     * Starts opening DuckDB, or waiting for {@code openedAhead} when not null, and, when
     * {@code extract} is given, checking it against the plan's table.
     */
    static DuckDbStart inBackground(LoadPlan plan, Optional<Extract> extract, CompletableFuture<Connection> openedAhead) {
        DuckDbStart start = new DuckDbStart();
        startThread(() -> {
            Connection connection = openedAhead != null ? openedAhead.join() : openOrNull();
            start.outcome.complete(check(connection, plan, extract));
        });
        return start;
    }

    private static void startThread(Runnable work) {
        Thread t = new Thread(work, "tableload-duckdb-start");
        t.setDaemon(true);
        t.start();
    }

    /** A new connection, or null when DuckDB cannot start: the table's own connection then reports why. */
    private static Connection openOrNull() {
        long start = System.nanoTime();
        try {
            Connection connection = DuckDbTable.open();
            LOG.debug("DuckDB opened in {} ms", (System.nanoTime() - start) / 1_000_000);
            return connection;
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static Outcome check(Connection connection, LoadPlan plan, Optional<Extract> extract) {
        long start = System.nanoTime();
        if (connection == null) {
            return new Outcome(null, null);
        }
        if (extract.isEmpty()) {
            return new Outcome(connection, null);
        }
        try {
            Optional<TableloadException> problem = ExtractCheck.problem(connection, plan.table().ref().table(),
                    plan.table(), plan.partitionColumns(), extract.get());
            LOG.debug("extract checked against the declared columns in {} ms: {}", (System.nanoTime() - start) / 1_000_000,
                    problem.isPresent() ? "rejected" : "no error found");
            if (problem.isPresent()) {
                closeQuietly(connection);
                return new Outcome(null, problem.get());
            }
            return new Outcome(connection, null);
        } catch (SQLException | RuntimeException e) {
            // The check could not be made; the query over the real files will say what is wrong.
            closeQuietly(connection);
            return new Outcome(null, null);
        }
    }

    /** Calls {@code action} (on the background thread, or now) if the extract is rejected. */
    void onRejection(Consumer<TableloadException> action) {
        outcome.thenAccept(o -> {
            if (o.rejection() != null) {
                action.accept(o.rejection());
            }
        });
    }

    /**
     * Why the extract was rejected, waiting for DuckDB to open and the check to end; empty when
     * it passed or was not made.
     */
    Optional<TableloadException> rejection() {
        return Optional.ofNullable(outcome.join().rejection());
    }

    /** The open connection, now owned by the caller; null when DuckDB did not start. Waits for it. */
    synchronized Connection take() {
        if (handedOver) {
            throw new IllegalStateException("the connection was handed over already");
        }
        handedOver = true;
        return outcome.join().connection();
    }

    /** Closes the connection, now or once it is open, unless it was handed over. */
    @Override
    public synchronized void close() {
        if (handedOver) {
            return;
        }
        handedOver = true;
        closeWhenOpen(outcome.thenApply(Outcome::connection));
    }

    static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing was written through it that closing could lose
        }
    }
}
