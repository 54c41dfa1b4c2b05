package io.tableload.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link QueryStream} on a connection of its own to the table's database, so that other
 * queries on the table, and other streams, run while it is open: DuckDB drops a connection's
 * unfinished result when the connection runs another statement.
 */
final class DuckDbQueryStream implements QueryStream {
    private final Connection connection;
    private final PreparedStatement statement;
    private final JdbcRows shape;
    private final Function<SQLException, RuntimeException> failure;
    private final Consumer<DuckDbQueryStream> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The result, once the first row was asked for; null before. */
    private ResultSet rows;
    private List<Object> next;

    /**
     * Prepares {@code sql} on {@code connection}, which the stream then owns and closes; it runs
     * when the first row is asked for. A query that cannot run (a misspelt column, bad syntax)
     * fails here.
     *
     * @param parameters the values of its {@code ?} placeholders ({@link QueryParameters})
     * @param failure the error a failing statement or fetch becomes
     * @param onClose told once the stream has closed
     */
    DuckDbQueryStream(Connection connection, String sql, Object[] parameters,
            Function<SQLException, RuntimeException> failure, Consumer<DuckDbQueryStream> onClose) {
        this.connection = connection;
        this.failure = failure;
        this.onClose = onClose;
        PreparedStatement prepared = null;
        try {
            prepared = connection.prepareStatement(sql);
            QueryParameters.bind(prepared, parameters);
            this.shape = new JdbcRows(prepared.getMetaData());
            this.statement = prepared;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(prepared);
            closeQuietly(connection);
            throw e instanceof SQLException failed ? failure.apply(failed) : (RuntimeException) e;
        }
    }

    @Override
    public List<String> columns() {
        return shape.columns();
    }

    @Override
    public synchronized boolean hasNext() {
        if (next == null && !closed.get()) {
            try {
                if (InterruptWatch.during(statement, this::advance)) {
                    next = Collections.unmodifiableList(shape.row(rows));
                } else {
                    close();
                }
            } catch (SQLException e) {
                boolean closedMeanwhile = closed.get(); // the fetch was cancelled by close(): the end
                close();
                if (!closedMeanwhile) {
                    throw failure.apply(e);
                }
            }
        }
        return next != null;
    }

    /** Runs the query if it has not run yet, then moves to its next row; false at the end. */
    private boolean advance() throws SQLException {
        if (rows == null) {
            rows = statement.executeQuery(); // an aggregate or a sort computes everything here
        }
        return rows.next();
    }

    @Override
    public synchronized List<Object> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        List<Object> row = next;
        next = null;
        return row;
    }

    /**
     * Ends the stream, also from another thread than the reader's: a fetch under way is cancelled
     * first, so the reader, waiting in DuckDB, sees the end at once rather than after the chunk.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            statement.cancel();
        } catch (SQLException | RuntimeException e) {
            // nothing was running
        }
        synchronized (this) {
            next = null;
            closeQuietly(rows);
            closeQuietly(statement);
            closeQuietly(connection);
        }
        onClose.accept(this);
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            // closing on the way out: nothing is left to tell
        }
    }
}
