package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.load.RowDeletes.Kind;
import io.tableload.s3.BatchResult;
import io.tableload.s3.Cancellation;
import io.tableload.s3.Download;
import io.tableload.s3.S3Object;
import io.tableload.s3.S3Session;
import io.tableload.s3.S3Url;
import io.tableload.s3.TransferListener;
import io.tableload.s3.internal.LocalFailure;
import io.tableload.s3.internal.PrivateDirectories;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an Iceberg table's row-level deletes to the data files a load fetched: each data file
 * with deletes is written again, by DuckDB, without the rows they delete, and replaces the
 * fetched one. Files without deletes are left as fetched, byte for byte.
 *
 * <p>The delete files are fetched into a private temporary directory of their own, deleted
 * afterwards: they are the means, not part of the load. A deletion vector goes into a temporary
 * table of DuckDB's. A rewritten file keeps its rows' order and its columns; it is
 * zstd-compressed Parquet, as Iceberg writes by default.
 */
final class DeleteApplier {
    private static final Logger LOG = LoggerFactory.getLogger(DeleteApplier.class);
    /** DuckDB's memory for the rewrites ({@link #limitMemory}). */
    private static final String MEMORY_LIMIT = "128MB";

    private DeleteApplier() {
    }

    /**
     * Opens, on a background thread, the DuckDB a load of {@code plan} will apply deletes with, so
     * that it is ready when the files are; null when no file has deletes.
     */
    static CompletableFuture<Connection> prepare(LoadPlan plan) {
        return plan.files().stream().anyMatch(f -> !f.deletes().isEmpty()) ? DuckDbStart.openAhead() : null;
    }

    /**
     * Rewrites each of {@code files} that has deletes, under {@code directory}, without its
     * deleted rows, one after the other: DuckDB spreads each over the cores. Nothing is done when
     * none has any.
     *
     * @param duckDb the DuckDB {@link #prepare}d, which this closes; null to open one now
     * @throws TableloadException when a delete file cannot be fetched (its code) or read
     *     ({@code USAGE}), or when the calling thread is interrupted ({@code INTERNAL})
     */
    static void apply(S3Session s3, List<PlannedFile> files, Path directory, Cancellation cancellation,
            CompletableFuture<Connection> duckDb) {
        List<PlannedFile> withDeletes = files.stream().filter(f -> !f.deletes().isEmpty()).toList();
        if (withDeletes.isEmpty()) {
            if (duckDb != null) {
                DuckDbStart.closeWhenOpen(duckDb);
            }
            return;
        }
        long start = System.nanoTime();
        Map<String, Long> deleteFiles = new LinkedHashMap<>();
        withDeletes.forEach(f -> f.deletes().forEach(d -> deleteFiles.put(d.url(), d.size())));
        long bytes = deleteFiles.values().stream().mapToLong(Long::longValue).sum();
        Path deletesDirectory = null;
        Connection connection = null;
        try {
            deletesDirectory = PrivateDirectories.createTemporary("tableload-deletes-", bytes);
            Map<String, Path> local = fetch(s3, deleteFiles, deletesDirectory, cancellation);
            connection = duckDb == null ? null : duckDb.join();
            if (connection == null) { // not prepared, or it failed to open: this says why
                connection = DuckDbTable.open();
            }
            limitMemory(connection);
            for (PlannedFile f : withDeletes) {
                throwIfCancelled(cancellation);
                rewrite(connection, f, directory.resolve(f.relativePath()), local);
            }
        } finally {
            if (connection != null) {
                DuckDbStart.closeQuietly(connection);
            } else if (duckDb != null) {
                DuckDbStart.closeWhenOpen(duckDb);
            }
            if (deletesDirectory != null) {
                PrivateDirectories.delete(deletesDirectory);
            }
        }
        LOG.debug("{} delete file(s) applied to {} data file(s) in {} ms", deleteFiles.size(), withDeletes.size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Caps what the rewrites hold in memory, beyond which DuckDB spills to disk. Keeping the
     * rows' order takes a sort of the whole file: loading a 100 MiB file of 4 million rows with
     * deletes peaked at 910 MiB without a cap, at 325 MiB with this one, and took less time
     * (bench/README.md, "Row-level deletes").
     */
    private static void limitMemory(Connection duckDb) {
        try (Statement s = duckDb.createStatement()) {
            s.execute("SET memory_limit = '" + MEMORY_LIMIT + "'");
        } catch (SQLException e) {
            throw new TableloadException(ErrorCode.INTERNAL, "cannot set DuckDB's memory limit: " + e.getMessage(), e);
        }
    }

    private static void throwIfCancelled(Cancellation cancellation) {
        if (cancellation.isCancelled()) {
            throw cancellation.reason().orElseThrow();
        }
    }

    /** Fetches the delete files, each as {@code <n>.deletes}: their keys' names need not be unique. */
    private static Map<String, Path> fetch(S3Session s3, Map<String, Long> deleteFiles, Path directory,
            Cancellation cancellation) {
        List<Download> downloads = new ArrayList<>();
        Map<String, Path> local = new LinkedHashMap<>();
        for (Map.Entry<String, Long> d : deleteFiles.entrySet()) {
            String name = local.size() + ".deletes";
            downloads.add(Download.of(S3Url.parse(d.getKey()), name, d.getValue()));
            local.put(d.getKey(), directory.resolve(name));
        }
        BatchResult<S3Object> result = s3.download(downloads, directory, TransferListener.NONE, cancellation);
        throwIfCancelled(cancellation);
        if (!result.allSucceeded()) {
            TableloadException first = result.failures().get(0).error().orElseThrow();
            throw new TableloadException(first.code(), "cannot fetch the table's delete files: "
                    + first.getMessage(), first);
        }
        return local;
    }

    /** Writes {@code file} again beside itself without its deleted rows, and renames it into place. */
    private static void rewrite(Connection duckDb, PlannedFile file, Path path, Map<String, Path> deleteFiles) {
        Path rewritten = path.resolveSibling(path.getFileName() + ".deletes-applied");
        try (Statement s = duckDb.createStatement()) {
            List<String> vectors = new ArrayList<>();
            for (RowDeletes vector : file.deletes().stream().filter(d -> d.kind() == Kind.DELETION_VECTOR).toList()) {
                vectors.add(loadVector(duckDb, s, vector, deleteFiles.get(vector.url()), vectors.size()));
            }
            String copy = "COPY (" + liveRows(file, path, deleteFiles, vectors, columnsOf(s, file, path)) + ") TO "
                    + DuckDbTable.quoteLiteral(rewritten.toString()) + " (FORMAT parquet, COMPRESSION zstd)";
            InterruptWatch.during(s, () -> s.execute(copy));
            for (String table : vectors) {
                s.execute("DROP TABLE " + table);
            }
            Files.move(rewritten, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (SQLException | IOException e) {
            try {
                Files.deleteIfExists(rewritten);
            } catch (IOException ignored) {
                // the load's directory, and with it this file, is deleted when the load fails
            }
            throw failure(file, rewritten, e);
        }
    }

    /**
     * Why a rewrite failed: an interrupt; a full disk or a place it may not write (as DuckDB's I/O
     * errors carry the C library's text, as an export's do); else delete files it cannot apply.
     */
    private static TableloadException failure(PlannedFile file, Path rewritten, Exception e) {
        if (Thread.currentThread().isInterrupted()) { // the statement was cancelled for it
            return new TableloadException(ErrorCode.INTERNAL, "interrupted: applying the row-level deletes of "
                    + file.url() + " was stopped because its thread was interrupted", e);
        }
        if (e instanceof IOException io) {
            return LocalFailure.of("write", rewritten, io);
        }
        String reason = DuckDbTable.withoutDriversWrapping((SQLException) e).lines().findFirst().orElse("");
        if (reason.startsWith("IO Error")) {
            return LocalFailure.of("write", rewritten, reason, e);
        }
        return new TableloadException(ErrorCode.USAGE, "cannot apply the row-level deletes of " + file.url() + " ("
                + file.deletes().stream().map(RowDeletes::url).distinct().collect(Collectors.joining(", ")) + "): "
                + reason, e);
    }

    /**
     * The data file's top-level column names, in lower case, when equality deletes need them;
     * empty otherwise.
     */
    private static Set<String> columnsOf(Statement s, PlannedFile file, Path path) throws SQLException {
        Set<String> columns = new HashSet<>();
        if (file.deletes().stream().anyMatch(d -> d.kind() == Kind.EQUALITY)) {
            try (ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM read_parquet("
                    + DuckDbTable.quoteLiteral(path.toString()) + ")")) {
                while (r.next()) {
                    columns.add(r.getString("column_name").toLowerCase(Locale.ROOT));
                }
            }
        }
        return columns;
    }

    /** Reads a deletion vector into a temporary table of its positions ({@code pos}), and names the table. */
    private static String loadVector(Connection duckDb, Statement s, RowDeletes vector, Path puffin, int n)
            throws SQLException, IOException {
        byte[] blob = new byte[Math.toIntExact(vector.length())];
        try (FileChannel channel = FileChannel.open(puffin)) {
            ByteBuffer into = ByteBuffer.wrap(blob);
            while (into.hasRemaining()) {
                if (channel.read(into, vector.offset() + into.position()) < 0) {
                    throw new IOException("the deletion vector at " + vector.offset() + " of " + vector.url()
                            + " ends past the file's " + channel.size() + " bytes");
                }
            }
        }
        String table = "deletion_vector_" + n;
        s.execute("CREATE TEMPORARY TABLE " + table + " (pos BIGINT)");
        try (DuckDBAppender appender = duckDb.unwrap(DuckDBConnection.class).createAppender("temp", "main", table)) {
            for (long position : DeletionVectors.positions(blob, vector.url() + " at " + vector.offset())) {
                appender.beginRow().append(position).endRow();
            }
        }
        return table;
    }

    /**
     * The query of a data file's live rows, in their order: those no position delete names (by
     * the file's path and the row's position, or in a deletion vector's table of {@code vectors})
     * and no equality delete matches (in all its columns, a null matching a null, as Iceberg's
     * equality deletes do).
     */
    static String liveRows(PlannedFile file, Path path, Map<String, Path> deleteFiles, List<String> vectors,
            Set<String> fileColumns) {
        StringBuilder sql = new StringBuilder("SELECT * EXCLUDE (file_row_number) FROM read_parquet(")
                .append(DuckDbTable.quoteLiteral(path.toString())).append(", file_row_number = true) AS d");
        List<String> conditions = new ArrayList<>();
        List<RowDeletes> positions = file.deletes().stream().filter(d -> d.kind() == Kind.POSITIONS).toList();
        if (!positions.isEmpty()) {
            conditions.add("NOT EXISTS (SELECT 1 FROM read_parquet(["
                    + positions.stream().map(d -> DuckDbTable.quoteLiteral(deleteFiles.get(d.url()).toString()))
                            .collect(Collectors.joining(", "))
                    + "], union_by_name = true) AS p WHERE p.file_path = "
                    + DuckDbTable.quoteLiteral(positions.get(0).dataFilePath()) + " AND p.pos = d.file_row_number)");
        }
        for (String vector : vectors) {
            conditions.add("NOT EXISTS (SELECT 1 FROM " + vector + " AS v WHERE v.pos = d.file_row_number)");
        }
        for (RowDeletes equality : file.deletes().stream().filter(d -> d.kind() == Kind.EQUALITY).toList()) {
            String matches = equality.equalityColumns().stream()
                    .map(c -> valueIn(file, fileColumns, c) + " IS NOT DISTINCT FROM e." + DuckDbTable.quoteIdentifier(c))
                    .collect(Collectors.joining(" AND "));
            conditions.add("NOT EXISTS (SELECT 1 FROM read_parquet("
                    + DuckDbTable.quoteLiteral(deleteFiles.get(equality.url()).toString()) + ") AS e WHERE " + matches + ")");
        }
        return sql.append(" WHERE ").append(String.join(" AND ", conditions)).append(" ORDER BY d.file_row_number")
                .toString();
    }

    /**
     * A data row's value of {@code column}, as Iceberg reads it: the file's column; where the file
     * lacks it, the partition's value for an identity-partitioned column (files adopted from Hive
     * hold none of those), else NULL (a column added after the file was written).
     */
    private static String valueIn(PlannedFile file, Set<String> fileColumns, String column) {
        if (fileColumns.contains(column.toLowerCase(Locale.ROOT))) {
            return "d." + DuckDbTable.quoteIdentifier(column);
        }
        for (Map.Entry<String, String> partition : file.partitionValues().entrySet()) {
            if (partition.getKey().equalsIgnoreCase(column)) {
                return partition.getValue() == null ? "NULL" : DuckDbTable.quoteLiteral(partition.getValue());
            }
        }
        return "NULL";
    }
}
