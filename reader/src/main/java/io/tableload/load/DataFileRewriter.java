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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes again the data files a load of an Iceberg table fetched that the table reads otherwise
 * than they are: without the rows its row-level deletes delete, and with its current column
 * names where a file's columns went by others ({@link ColumnMapping}). DuckDB writes each, and
 * it replaces the fetched one. Columns and nested fields get their current names in the file's
 * footer alone ({@link FooterRenames}), before any deletes are applied; a file whose footer
 * cannot say them is written again under them. Other files are left as fetched, byte for byte.
 *
 * <p>The delete files are fetched into a private temporary directory of their own, deleted
 * afterwards: they are the means, not part of the load. A deletion vector goes into a temporary
 * table of DuckDB's. A rewritten file keeps its rows' order and its top-level columns' field ids;
 * it is zstd-compressed Parquet, as Iceberg writes by default.
 */
final class DataFileRewriter {
    private static final Logger LOG = LoggerFactory.getLogger(DataFileRewriter.class);
    /** DuckDB's memory for the rewrites ({@link #limitMemory}). */
    private static final String MEMORY_LIMIT = "128MB";

    private DataFileRewriter() {
    }

    /**
     * Opens, on a background thread, the DuckDB a load of {@code plan} will rewrite files with, so
     * that it is ready when the files are; null when no file has deletes.
     */
    static CompletableFuture<Connection> prepare(LoadPlan plan) {
        // Files whose columns only need their current names mostly get them in their footers.
        return plan.files().stream().anyMatch(f -> !f.deletes().isEmpty()) ? DuckDbStart.openAhead() : null;
    }

    private static boolean mayNeedRewrite(PlannedFile file) {
        return !file.deletes().isEmpty() || file.columnMapping().isPresent();
    }

    /**
     * Rewrites, under {@code directory}, each of {@code files} that has deletes or columns under
     * other names than the table's, one after the other: DuckDB spreads each over the cores.
     * Nothing is done when none has.
     *
     * @param duckDb the DuckDB {@link #prepare}d, which this closes; null to open one now
     * @throws TableloadException when a delete file cannot be fetched (its code) or read
     *     ({@code USAGE}), when a file's columns cannot be told apart ({@code USAGE}), or when the
     *     calling thread is interrupted ({@code INTERNAL})
     */
    static void apply(S3Session s3, List<PlannedFile> files, Path directory, Cancellation cancellation,
            CompletableFuture<Connection> duckDb) {
        List<PlannedFile> candidates = files.stream().filter(DataFileRewriter::mayNeedRewrite).toList();
        if (candidates.isEmpty()) {
            if (duckDb != null) {
                DuckDbStart.closeWhenOpen(duckDb);
            }
            return;
        }
        long start = System.nanoTime();
        // Every file with deletes is written again: their delete files are fetched while DuckDB opens.
        Map<String, Long> deleteFiles = new LinkedHashMap<>();
        candidates.forEach(f -> f.deletes().forEach(d -> deleteFiles.put(d.url(), d.size())));
        Path deletesDirectory = null;
        Connection connection = null;
        int rewritten = 0;
        int renamed = 0;
        try {
            Map<String, Path> local = Map.of();
            if (!deleteFiles.isEmpty()) {
                long bytes = deleteFiles.values().stream().mapToLong(Long::longValue).sum();
                deletesDirectory = PrivateDirectories.createTemporary("tableload-deletes-", bytes);
                local = fetch(s3, deleteFiles, deletesDirectory, cancellation);
            }
            for (PlannedFile f : candidates) {
                throwIfCancelled(cancellation);
                Path path = directory.resolve(f.relativePath());
                FileColumns columns = columns(f, path);
                FooterRenames.Outcome outcome = f.columnMapping().isPresent() ? renameInPlace(f, path, columns)
                        : FooterRenames.Outcome.UNCHANGED;
                if (outcome == FooterRenames.Outcome.RENAMED) {
                    renamed++;
                }
                if (f.deletes().isEmpty() && outcome != FooterRenames.Outcome.NOT_POSSIBLE) {
                    continue;
                }
                if (outcome == FooterRenames.Outcome.RENAMED) {
                    columns = columns(f, path); // under their new names, for the deletes' query
                }
                if (connection == null) {
                    connection = open(duckDb);
                    duckDb = null; // the connection is closed below
                }
                rewrite(connection, f, path, columns, local);
                rewritten++;
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
        LOG.debug("{} data file(s) written again, with {} delete file(s), {} renamed by their footers, in {} ms",
                rewritten, deleteFiles.size(), renamed, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Gives a file's columns and nested fields their current names in its footer alone
     * ({@link FooterRenames}). Where that cannot do, the file is written again instead, which
     * renames top-level columns only.
     *
     * @throws TableloadException {@code USAGE} when it cannot, and nested fields were renamed; or
     *     when the file's columns cannot be told apart ({@link #requireColumnsTold})
     */
    private static FooterRenames.Outcome renameInPlace(PlannedFile file, Path path, FileColumns columns) {
        requireColumnsTold(file, columns);
        FooterRenames.Outcome outcome;
        try {
            outcome = FooterRenames.renameInPlace(path, file.columnMapping().orElseThrow());
        } catch (IOException e) {
            throw failure(file, path, e);
        }
        boolean nestedRenamed = !file.columnMapping().orElseThrow().nestedNamesById().isEmpty();
        if (outcome == FooterRenames.Outcome.NOT_POSSIBLE && nestedRenamed) {
            throw new TableloadException(ErrorCode.USAGE, "cannot give the columns of " + file.url() + " the table's"
                    + " current names: its footer is encrypted, or it holds a column the table dropped whose name a"
                    + " current one took, and the table's nested fields were renamed too, which only its footer"
                    + " could say; load a copy written under the current schema");
        }
        return outcome;
    }

    /**
     * Refuses a file whose columns cannot be told apart: the table's columns were renamed, and the
     * file has no field ids nor the table a name mapping.
     */
    private static void requireColumnsTold(PlannedFile f, FileColumns columns) {
        if (!columns.hasFieldIds() && f.columnMapping().orElseThrow().idsByName().isEmpty()) {
            throw new TableloadException(ErrorCode.USAGE, "cannot tell the columns of " + f.url() + " apart:"
                    + " the table's columns were renamed, and this data file has no field ids, nor the table a"
                    + " name mapping (its schema.name-mapping.default property) to match its columns by; give"
                    + " the table a name mapping, or load a copy written under the current names");
        }
    }

    /** The DuckDB {@link #prepare}d, else (none was, or it failed to open: this says why) one opened now. */
    private static Connection open(CompletableFuture<Connection> prepared) {
        Connection connection = prepared == null ? null : prepared.join();
        if (connection == null) {
            connection = DuckDbTable.open();
        }
        limitMemory(connection);
        return connection;
    }

    private static FileColumns columns(PlannedFile file, Path path) {
        try {
            return FileColumns.read(path);
        } catch (IOException | RuntimeException e) {
            throw new TableloadException(ErrorCode.USAGE, "cannot read the columns of the data file " + file.url()
                    + (file.deletes().isEmpty() ? "" : ", which has row-level deletes ("
                            + file.deletes().stream().map(RowDeletes::url).distinct().collect(Collectors.joining(", "))
                            + ")")
                    + ": it is no Parquet file as tableload reads them (" + e.getMessage() + ")", e);
        }
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

    /**
     * Writes {@code file} again beside itself, without its deleted rows and under the table's
     * column names, and renames it into place.
     */
    private static void rewrite(Connection duckDb, PlannedFile file, Path path, FileColumns columns,
            Map<String, Path> deleteFiles) {
        Path rewritten = path.resolveSibling(path.getFileName() + ".rewritten");
        try (Statement s = duckDb.createStatement()) {
            List<String> vectors = new ArrayList<>();
            for (RowDeletes vector : file.deletes().stream().filter(d -> d.kind() == Kind.DELETION_VECTOR).toList()) {
                vectors.add(loadVector(duckDb, s, vector, deleteFiles.get(vector.url()), vectors.size()));
            }
            RewriteQuery query = new RewriteQuery(file, path, columns, deleteFiles, vectors);
            String copy = "COPY (" + query.sql() + ") TO " + DuckDbTable.quoteLiteral(rewritten.toString())
                    + " (FORMAT parquet, COMPRESSION zstd" + query.fieldIds() + ")";
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
            return new TableloadException(ErrorCode.INTERNAL, "interrupted: writing " + file.url()
                    + " again was stopped because its thread was interrupted", e);
        }
        if (e instanceof IOException io) {
            return LocalFailure.of("write", rewritten, io);
        }
        String reason = DuckDbTable.withoutDriversWrapping((SQLException) e).lines().findFirst().orElse("");
        if (reason.startsWith("IO Error")) {
            return LocalFailure.of("write", rewritten, reason, e);
        }
        return new TableloadException(ErrorCode.USAGE, "cannot write " + file.url() + " again "
                + (file.deletes().isEmpty() ? "under the table's column names" : "without the rows its deletes ("
                        + file.deletes().stream().map(RowDeletes::url).distinct().collect(Collectors.joining(", "))
                        + ") delete")
                + ": " + reason, e);
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
}
