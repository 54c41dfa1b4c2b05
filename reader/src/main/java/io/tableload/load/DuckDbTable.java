package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.Column;
import io.tableload.s3.internal.LocalFailure;
import io.tableload.s3.internal.PrivateDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/**
 * An in-memory DuckDB database with one view, named after the table, over loaded Parquet files.
 *
 * <p>Hive keeps partition values out of the data files, so the view joins each file's rows to a
 * small table of typed partition values keyed by file name. The values travel as JDBC parameters,
 * never as SQL text, so no partition value can change the SQL. Files of different partitions may
 * have different columns (a column added later): they are read by name, and the view has the
 * columns the table declares, null where no file has one.
 * DuckDB's own reading of {@code key=value} directories is off: the metastore's values are the
 * truth, and a path may be escaped ({@code %2F}), moved, or say something else entirely. Where
 * the table declares text and a file stores it as bare BINARY, as Impala does, the view has text
 * ({@link BareBinaryText}).
 */
final class DuckDbTable implements AutoCloseable {
    private static final String PARTITIONS = "tableload_partition_values";

    private final String view;
    private final Connection connection;
    /** Query streams open on connections of their own ({@link #stream}). */
    private final Set<DuckDbQueryStream> streams = ConcurrentHashMap.newKeySet();

    /**
     * A table over {@code files} in a new in-memory database with the columns the files have, bare
     * BINARY as stored.
     */
    DuckDbTable(String viewName, List<PartitionColumn> partitionColumns, List<LocalFile> files) {
        this(viewName, List.of(), partitionColumns, BareBinaryText.NONE, files, null);
    }

    /**
     * @param declared the data columns the table declares, which the view has in that order
     *     whatever the files hold: read by name, null where no file has one, and none the table
     *     does not declare (as Hive and Spark read it); empty for the columns the files have
     * @param text which columns hold text where a file stores a bare BINARY
     * @param opened a connection opened ahead ({@link DuckDbStart}), which this table then owns and
     *     closes; null to open one now
     */
    DuckDbTable(String viewName, List<Column> declared, List<PartitionColumn> partitionColumns, BareBinaryText text,
            List<LocalFile> files, Connection opened) {
        Optional<String> noRows = files.isEmpty() ? emptySelect(declared, partitionColumns) : Optional.empty();
        if (files.isEmpty() && noRows.isEmpty()) {
            if (opened != null) {
                DuckDbStart.closeQuietly(opened);
            }
            throw new TableloadException(ErrorCode.NOTHING_MATCHED, "no files to query for " + viewName);
        }
        this.view = quoteIdentifier(viewName);
        this.connection = opened != null ? opened : open();
        try {
            if (noRows.isPresent()) {
                try (Statement s = connection.createStatement()) {
                    s.execute("CREATE VIEW " + view + " AS " + noRows.get());
                }
            } else {
                createView(declared, partitionColumns, text, files);
            }
        } catch (SQLException e) {
            close();
            // Most often a file that is not Parquet, or not whole: the data's fault, as a query's
            // failure over it is, and told in DuckDB's first line, which names the file.
            throw new TableloadException(ErrorCode.USAGE, "cannot read the loaded files of " + viewName + " with DuckDB: "
                    + withoutDriversWrapping(e).lines().findFirst().orElse("")
                    + " (every file in the table's partitions must be a whole Parquet file)", e);
        }
    }

    /**
     * A select of no rows with the table's columns, typed, for a load of no files (an empty shard
     * or empty partitions): its query or extract has the table's shape and no rows, as an
     * engine's would. Empty when the columns are not known, or a type has no DuckDB match.
     */
    private static Optional<String> emptySelect(List<Column> declared, List<PartitionColumn> partitionColumns) {
        if (declared.isEmpty()) {
            return Optional.empty();
        }
        List<String> columns = new ArrayList<>();
        for (Column c : declared) {
            Optional<String> type = DuckDbColumnTypes.of(c.type());
            if (type.isEmpty()) {
                return Optional.empty();
            }
            columns.add(typedNull(type.get(), quoteIdentifier(c.name())));
        }
        for (PartitionColumn c : partitionColumns) {
            columns.add(typedNull(c.type().duckDbType(), quoteIdentifier(c.name())));
        }
        return Optional.of("SELECT " + String.join(", ", columns) + " WHERE false");
    }

    /**
     * A new in-memory database, spilling where {@link DuckDbSpill} says, in UTC: DuckDB otherwise
     * takes the JVM's time zone, and a timestamp a file stores without one would then become a
     * different instant on each machine when it meets one stored in UTC (DuckDB reads the two as
     * one type with a zone), and come out shifted where a column is cast to the table's type.
     */
    static Connection open() {
        Properties settings = new Properties();
        DuckDbSpill.nextDirectory().ifPresent(dir -> settings.setProperty("temp_directory", dir.toString()));
        Connection connection = null;
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:", settings);
            return inUtc(connection);
        } catch (SQLException e) {
            if (connection != null) {
                DuckDbStart.closeQuietly(connection);
            }
            throw new TableloadException(ErrorCode.INTERNAL, "cannot start DuckDB: " + e.getMessage(), e);
        }
    }

    /** {@code connection}, its session set to UTC (see {@link #open}). */
    static Connection inUtc(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SET TimeZone = 'UTC'"); // not as a connection setting: the time zone extension loads later
        }
        return connection;
    }

    private void createView(List<Column> declared, List<PartitionColumn> partitionColumns, BareBinaryText text,
            List<LocalFile> files) throws SQLException {
        String fileList = files.stream()
                .map(f -> quoteLiteral(f.path().toAbsolutePath().toString()))
                .collect(Collectors.joining(", ", "[", "]"));
        // With no binary column in the table, DuckDB reads every bare BINARY as text itself, at any depth.
        String read = "read_parquet(" + fileList + ", union_by_name = true, hive_partitioning = false"
                + (text.everywhere() ? ", binary_as_string = true" : "");
        String columns = viewColumns(declared, partitionColumns, read + ")", text);
        if (!partitionColumns.isEmpty()) {
            createPartitionValues(partitionColumns, files);
        }
        String source = partitionColumns.isEmpty() ? read + ") AS f"
                : read + ", filename = true) AS f JOIN " + PARTITIONS + " AS p USING (filename)";
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE VIEW " + view + " AS SELECT " + columns + " FROM " + source);
        }
    }

    /**
     * The view's columns: each column the table declares, in its order (or, with none declared,
     * each the files hold), by name from the files ({@code f}), decoded where the files store its
     * text as bare BINARY, or a typed null where no file has it; then the partition columns from
     * their values ({@code p}). A column the files hold that the table does not declare, or that
     * is named as a partition column, is left out: the metastore's partition value is the truth.
     */
    private String viewColumns(List<Column> declared, List<PartitionColumn> partitionColumns, String read,
            BareBinaryText text) throws SQLException {
        Map<String, String> typeInFiles = new HashMap<>();
        Map<String, String> nameInFiles = new LinkedHashMap<>();
        try (Statement s = connection.createStatement(); ResultSet columns = s.executeQuery("DESCRIBE SELECT * FROM " + read)) {
            while (columns.next()) {
                String name = columns.getString("column_name");
                nameInFiles.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
                typeInFiles.putIfAbsent(name.toLowerCase(Locale.ROOT), columns.getString("column_type"));
            }
        }
        List<String> names = declared.isEmpty() ? new ArrayList<>(nameInFiles.values())
                : declared.stream().map(Column::name).toList();
        Set<String> partitionNames = partitionColumns.stream().map(c -> c.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        List<String> select = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String key = names.get(i).toLowerCase(Locale.ROOT);
            String name = quoteIdentifier(names.get(i));
            if (partitionNames.contains(key)) {
                continue;
            }
            if (nameInFiles.containsKey(key)) {
                String ref = "f." + quoteIdentifier(nameInFiles.get(key));
                boolean decode = !text.everywhere() && typeInFiles.get(key).equals("BLOB") && text.isText(names.get(i));
                String value = decode ? "decode(" + ref + ")" : ref;
                select.add((declared.isEmpty() ? value : asDeclared(value, typeInFiles.get(key), declared.get(i).type()))
                        + " AS " + name);
            } else {
                DuckDbColumnTypes.of(declared.get(i).type()).ifPresent(type -> select.add(typedNull(type, name)));
            }
        }
        for (PartitionColumn c : partitionColumns) {
            select.add("p." + quoteIdentifier(c.name()));
        }
        return String.join(", ", select);
    }

    /**
     * {@code value} as the table declares its column, where the files hold a scalar of another
     * type: an int written as a smallint, a decimal of another scale, a timestamp stored in UTC
     * beside one stored without a zone (which DuckDB reads together as TIMESTAMP WITH TIME ZONE), a
     * string written as an int. Every shard and every partition then has one schema, the table's,
     * as Hive and Spark give it. Left as the files have it: nested types (DuckDB reads some old list
     * layouts differently from what their type says, and casting would fail them), types with no
     * DuckDB match, and nanosecond timestamps, which a cast would cut to microseconds.
     */
    private static String asDeclared(String value, String typeInFiles, String hiveType) {
        Optional<String> type = DuckDbColumnTypes.of(hiveType);
        if (type.isEmpty() || type.get().equals(typeInFiles) || DuckDbColumnTypes.isNested(type.get())
                || typeInFiles.equals("TIMESTAMP_NS") && type.get().equals("TIMESTAMP")) {
            return value;
        }
        return "CAST(" + value + " AS " + type.get() + ")";
    }

    /** {@code CAST(NULL AS type) AS name}: a column no file holds. */
    private static String typedNull(String duckDbType, String quotedName) {
        return "CAST(NULL AS " + duckDbType + ") AS " + quotedName;
    }

    /** The table of each file's typed partition values, keyed by the file's path. */
    private void createPartitionValues(List<PartitionColumn> partitionColumns, List<LocalFile> files) throws SQLException {
        try (Statement s = connection.createStatement()) {
            StringBuilder columns = new StringBuilder("filename VARCHAR");
            for (PartitionColumn c : partitionColumns) {
                columns.append(", ").append(quoteIdentifier(c.name())).append(' ').append(c.type().duckDbType());
            }
            // Not TEMP: query streams read the view on connections of their own.
            s.execute("CREATE TABLE " + PARTITIONS + " (" + columns + ")");
        }
        String placeholders = "?" + ", ?".repeat(partitionColumns.size());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + PARTITIONS + " VALUES (" + placeholders + ")")) {
            for (LocalFile f : files) {
                insert.setString(1, f.path().toAbsolutePath().toString());
                for (int i = 0; i < partitionColumns.size(); i++) {
                    PartitionColumn c = partitionColumns.get(i);
                    insert.setObject(i + 2, c.type().parse(c.name(), f.partitionValues().get(c.name())));
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * Runs one SQL statement (the view is named after the table), its {@code ?} placeholders bound
     * to {@code parameters} ({@link QueryParameters}), and reads all its rows.
     */
    QueryResult query(String sql, Object... parameters) {
        // Prepared first: DuckDB's driver reports a statement that fails to bind, run through
        // executeQuery at once, as "Attempting to execute an unsuccessful ... pending query result".
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            QueryParameters.bind(s, parameters);
            return InterruptWatch.during(s, () -> readAll(s));
        } catch (SQLException e) {
            throw queryFailed(e);
        }
    }

    private static QueryResult readAll(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            JdbcRows shape = new JdbcRows(rs.getMetaData());
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(shape.row(rs));
            }
            return new QueryResult(shape.columns(), rows);
        }
    }

    /**
     * Starts one SQL query whose rows are read as the caller goes, on a connection of its own to
     * this table's database; closing the table closes it.
     */
    QueryStream stream(String sql, Object... parameters) {
        Connection own = null;
        try {
            own = connection.unwrap(DuckDBConnection.class).duplicate();
            inUtc(own);
        } catch (SQLException e) {
            if (own != null) {
                DuckDbStart.closeQuietly(own);
            }
            throw new TableloadException(ErrorCode.INTERNAL, "cannot start a DuckDB query: " + e.getMessage(), e);
        }
        DuckDbQueryStream stream = new DuckDbQueryStream(own, sql, parameters, DuckDbTable::queryFailed, streams::remove);
        streams.add(stream);
        return stream;
    }

    /** What a query's failure becomes: the query's own fault, told as DuckDB tells it. */
    private static RuntimeException queryFailed(SQLException e) {
        throwIfInterrupted(e);
        return new TableloadException(ErrorCode.USAGE, "the query failed: " + explained(withoutDriversWrapping(e)), e);
    }

    /**
     * Writes the selected rows to the output file and returns how many were written. The file
     * appears whole or not at all: DuckDB writes a temporary file beside it, which is then renamed.
     */
    long export(Extract extract) {
        String sql = "CREATE OR REPLACE TEMP VIEW tableload_extract AS " + selectSql(view, extract);
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            p.execute();
        } catch (SQLException e) {
            throw new TableloadException(ErrorCode.USAGE, describeBadExtract(extract) + ": " + describe(e), e);
        }
        Path output = extract.output().toAbsolutePath();
        Path temporary = OutputFile.newPartial(output);
        try {
            Files.createDirectories(output.getParent());
            PrivateDirectories.guarded(() -> PrivateDirectories.watchPartialFile(temporary)); // a Ctrl-C during the COPY deletes it
            long rows;
            try (Statement s = connection.createStatement()) {
                rows = InterruptWatch.during(s, () -> (long) s.executeUpdate("COPY tableload_extract TO "
                        + quoteLiteral(temporary.toString()) + " " + OutputFormat.copyOptions(output)));
            }
            PrivateDirectories.guarded(() -> {
                Files.move(temporary, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                PrivateDirectories.forgetPartialFile(temporary);
            });
            return rows;
        } catch (SQLException e) {
            throwIfInterrupted(e);
            String reason = describe(e);
            if (reason.startsWith("IO Error")) {
                throw LocalFailure.of("write", output, reason, e); // DuckDB's I/O errors carry the C library's text
            }
            // Anything else failed on the rows themselves: a cast in the WHERE, text that is not UTF-8.
            throw new TableloadException(ErrorCode.USAGE, describeBadExtract(extract) + ": " + explained(reason), e);
        } catch (IOException e) {
            throw LocalFailure.of("write", output, e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
                PrivateDirectories.forgetPartialFile(temporary);
            } catch (IOException ignored) {
                // best effort: the failure that got us here is the one worth reporting
            }
        }
    }

    /** A statement that failed while its thread was interrupted was cancelled for it ({@link InterruptWatch}). */
    private static void throwIfInterrupted(SQLException e) {
        if (Thread.currentThread().isInterrupted()) {
            throw new TableloadException(ErrorCode.INTERNAL, "interrupted: the query was stopped because its thread"
                    + " was interrupted", e);
        }
    }

    @Override
    public void close() {
        for (DuckDbQueryStream stream : List.copyOf(streams)) {
            stream.close();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            throw new TableloadException(ErrorCode.INTERNAL, "cannot close DuckDB: " + e.getMessage(), e);
        }
    }

    /**
     * The query an {@link Extract} stands for, over {@code from} (a quoted name). {@link Extract}
     * has checked that its {@code where} is one balanced expression without {@code ;}.
     */
    static String selectSql(String from, Extract extract) {
        String select = extract.columns().isEmpty() ? "*"
                : extract.columns().stream().map(DuckDbTable::quoteIdentifier).collect(Collectors.joining(", "));
        return "SELECT " + select + " FROM " + from
                + extract.where().map(w -> " WHERE (" + w + ")").orElse("")
                + (extract.limit().isPresent() ? " LIMIT " + extract.limit().getAsLong() : "");
    }

    /**
     * DuckDB's message, with what to do when it is about text that is not UTF-8: a column the table
     * declares as text, stored as bare BINARY, holds other bytes ({@link BareBinaryText}).
     */
    static String explained(String message) {
        if (!message.contains("Invalid string encoding")) {
            return message;
        }
        return message + " The table declares the column as text, so tableload reads its values as UTF-8, as Hive"
                + " does, and this file holds bytes that are not (text in another encoding?): fix the data, or"
                + " declare the column binary in the metastore to read its bytes as they are.";
    }

    static String describeBadExtract(Extract extract) {
        return "cannot select " + extract.where().map(w -> "rows where " + w).orElse("rows")
                + (extract.columns().isEmpty() ? "" : " with columns " + extract.columns());
    }

    /**
     * DuckDB's message for a query that failed, without the echo of the SQL it prints below: the
     * first line, and DuckDB's suggestion when it makes one ({@code Did you mean "length"?}).
     */
    static String describe(SQLException e) {
        String[] lines = String.valueOf(e.getMessage()).split("\n");
        if (lines.length > 1 && (lines[1].startsWith("Did you mean") || lines[1].startsWith("Candidate"))) {
            return lines[0] + " " + lines[1].trim();
        }
        return lines[0];
    }

    /**
     * DuckDB's whole message (the SQL it echoes and its caret help with a query of several lines),
     * without the line its driver puts before an error raised while the query runs.
     */
    static String withoutDriversWrapping(SQLException e) {
        String message = String.valueOf(e.getMessage());
        String wrapper = "pending query result\nError: ";
        int at = message.startsWith("Invalid Input Error: ") ? message.indexOf(wrapper) : -1;
        return at < 0 ? message : message.substring(at + wrapper.length());
    }

    static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    static String quoteLiteral(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }
}
