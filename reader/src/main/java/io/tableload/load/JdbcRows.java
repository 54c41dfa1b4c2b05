package io.tableload.load;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** How a DuckDB result's rows become rows of plain Java values ({@link PlainValues}). */
final class JdbcRows {
    private final List<String> columns;
    /** Per column (from 1): whether it is a timestamp without a time zone. */
    private final boolean[] localTimestamp;

    JdbcRows(ResultSetMetaData meta) throws SQLException {
        int count = meta.getColumnCount();
        List<String> names = new ArrayList<>(count);
        localTimestamp = new boolean[count + 1];
        for (int i = 1; i <= count; i++) {
            names.add(meta.getColumnLabel(i));
            localTimestamp[i] = PlainValues.isLocalTimestamp(meta.getColumnTypeName(i));
        }
        columns = List.copyOf(names);
    }

    List<String> columns() {
        return columns;
    }

    /** The row {@code rs} is on. */
    List<Object> row(ResultSet rs) throws SQLException {
        List<Object> row = new ArrayList<>(columns.size());
        for (int i = 1; i <= columns.size(); i++) {
            // As a LocalDateTime straight from the driver: its java.sql.Timestamp passes
            // through the JVM's time zone, which has no 02:30 on a spring-forward night.
            row.add(localTimestamp[i] ? rs.getObject(i, LocalDateTime.class) : PlainValues.of(rs.getObject(i)));
        }
        return row;
    }
}
