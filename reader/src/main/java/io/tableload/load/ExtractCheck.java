package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.Column;
import io.tableload.catalog.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * Checks an {@link Extract}'s SQL before any file is read: DuckDB binds the very query the export
 * will run, against an empty table of the table's declared columns and types. A misspelt column
 * in {@code --where} then fails in a fraction of a second instead of after the whole download.
 *
 * <p>Only errors that cannot depend on the files are reported: a syntax error, a column or table
 * that does not exist, an unknown function. Whatever else binding might say (no function for
 * these argument types, say) could come from a type the metastore declares differently from what
 * the files hold, so it is left to the query over the real files, which reports it as before.
 * A table with a column type DuckDB has no faithful match for is not checked at all.
 */
final class ExtractCheck {
    /** Where DuckDB's messages for errors of the query's text itself begin. */
    private static final List<String> CERTAIN_ERRORS = List.of(
            "Parser Error", "Catalog Error", "Binder Error: Referenced column", "Binder Error: Referenced table");

    private ExtractCheck() {}

    /**
     * The usage error the export of {@code extract} would end with whatever the files hold, or
     * empty when there is none (or the table's types cannot be declared in DuckDB). The table it
     * creates in {@code connection} is dropped again, so that the real view can take its name.
     *
     * @param viewName the name the query uses for the table (as {@link DuckDbTable} names its view)
     * @throws SQLException when DuckDB fails in a way that says nothing about the query
     */
    static Optional<TableloadException> problem(Connection connection, String viewName, Table table,
            List<PartitionColumn> partitionColumns, Extract extract) throws SQLException {
        Optional<String> columns = declaredColumns(table, partitionColumns);
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        String empty = DuckDbTable.quoteIdentifier(viewName);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TEMP TABLE " + empty + " (" + columns.get() + ")");
            try (PreparedStatement bound = connection.prepareStatement(DuckDbTable.selectSql(empty, extract))) {
                return Optional.empty(); // preparing binds: every name resolved
            } catch (SQLException e) {
                String message = String.valueOf(e.getMessage());
                if (CERTAIN_ERRORS.stream().noneMatch(message::startsWith)) {
                    return Optional.empty();
                }
                return Optional.of(new TableloadException(ErrorCode.USAGE, DuckDbTable.describeBadExtract(extract)
                        + ": " + DuckDbTable.describe(e) + " (checked against the columns " + table.ref()
                        + " declares, without reading its files)", e));
            } finally {
                s.execute("DROP TABLE " + empty);
            }
        }
    }

    /** {@code "id" BIGINT, "country" VARCHAR, ...}, or empty when a type has no DuckDB match. */
    private static Optional<String> declaredColumns(Table table, List<PartitionColumn> partitionColumns) {
        StringBuilder columns = new StringBuilder();
        for (Column c : table.columns()) {
            Optional<String> type = DuckDbColumnTypes.of(c.type());
            if (type.isEmpty()) {
                return Optional.empty();
            }
            append(columns, c.name(), type.get());
        }
        for (PartitionColumn c : partitionColumns) {
            append(columns, c.name(), c.type().duckDbType()); // as DuckDbTable types them
        }
        return Optional.of(columns.toString());
    }

    private static void append(StringBuilder columns, String name, String type) {
        if (columns.length() > 0) {
            columns.append(", ");
        }
        columns.append(DuckDbTable.quoteIdentifier(name)).append(' ').append(type);
    }
}
