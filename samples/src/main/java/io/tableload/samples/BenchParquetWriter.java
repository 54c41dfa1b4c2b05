package io.tableload.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the benchmark tables' Parquet files with DuckDB, which generates them about twenty
 * times faster than parquet-avro. Every file has the columns of {@link #HIVE_COLUMNS}, derived
 * from the row id by hashing, so the same arguments always write the same rows.
 *
 * <p>Parquet types, as Hive, Spark and PyArrow expect them: {@code ts} INT64 TIMESTAMP(MICROS),
 * {@code amount} INT64 DECIMAL(12,2), strings BYTE_ARRAY UTF8, snappy-compressed. The payload is
 * hex digits of hashes, so it stays the bulk of the file after compression.
 */
final class BenchParquetWriter implements AutoCloseable {
    /** The Hive column types of the file columns, in order. */
    static final String[][] HIVE_COLUMNS = {
        {"id", "bigint"},
        {"ts", "timestamp"},
        {"user_id", "bigint"},
        {"category", "string"},
        {"amount", "decimal(12,2)"},
        {"score", "double"},
        {"payload", "string"},
    };

    /** The number of {@code category} values, 'c00' to 'c19', each about as frequent. */
    static final int CATEGORIES = 20;

    /**
     * Files per COPY statement: DuckDB keeps every file of a partitioned write open, and one open
     * file too many would split a file in two (or hit the process's limit on open files).
     */
    private static final int FILES_PER_STATEMENT = 500;

    private final Connection duckdb;
    private final Path work;
    private final long bytesPerRow;

    /** Opens an in-memory DuckDB that stages files in {@code work} (on the targets' filesystem). */
    BenchParquetWriter(Path work) {
        this.work = work;
        try {
            Files.createDirectories(work);
            this.duckdb = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement s = duckdb.createStatement()) {
                s.execute("SET partitioned_write_max_open_files = " + (FILES_PER_STATEMENT + 1));
                s.execute("SET preserve_insertion_order = false");
            }
            this.bytesPerRow = calibrate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start DuckDB to write the benchmark files: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parquet bytes one row takes, measured on a sample file (the payload dominates). */
    long bytesPerRow() {
        return bytesPerRow;
    }

    /**
     * Writes one file to each target, {@code rowsPerFile} rows each, ids counting up from
     * {@code firstId}, and returns the bytes written. {@code dayOfFile} is a SQL expression of
     * {@code f}, the target's index, giving the day after 2024-01-01 the file's timestamps fall
     * on (it may also use {@code i}, the row id). Targets are replaced.
     */
    long write(List<Path> targets, long rowsPerFile, long firstId, long seed, String dayOfFile) {
        long bytes = 0;
        for (int from = 0; from < targets.size(); from += FILES_PER_STATEMENT) {
            int to = Math.min(targets.size(), from + FILES_PER_STATEMENT);
            Path staged = work.resolve("batch-" + from);
            copy(staged, firstId + from * rowsPerFile, firstId + to * rowsPerFile, firstId, rowsPerFile, seed, dayOfFile);
            for (int f = from; f < to; f++) {
                bytes += moveOnlyFile(staged.resolve("f=" + f), targets.get(f));
            }
            deleteEmptyDirectories(staged);
        }
        return bytes;
    }

    private void copy(Path out, long fromId, long toId, long firstId, long rowsPerFile, long seed, String dayOfFile) {
        String payload = String.join(", ", java.util.stream.IntStream.range(10, 25)
                .mapToObj(k -> "to_hex(hash(i, " + seed + ", " + k + "))").toList());
        String sql = "COPY (SELECT id, ts, user_id, category, amount, score, payload, f FROM ("
                + "SELECT i AS id, "
                + "((i - " + firstId + ") // " + rowsPerFile + ")::INTEGER AS f, "
                + "TIMESTAMP '2024-01-01' + to_days((" + dayOfFile + ")::INTEGER)"
                + " + to_microseconds((hash(i, " + seed + ", 1) % 86400000000)::BIGINT) AS ts, "
                + "(hash(i, " + seed + ", 2) % 10000000)::BIGINT AS user_id, "
                + "'c' || lpad((hash(i, " + seed + ", 3) % " + CATEGORIES + ")::VARCHAR, 2, '0') AS category, "
                + "((hash(i, " + seed + ", 4) % 100000000)::DOUBLE / 100)::DECIMAL(12,2) AS amount, "
                + "(hash(i, " + seed + ", 5) % 1000000)::DOUBLE / 1000000 AS score, "
                + "concat(" + payload + ") AS payload "
                + "FROM range(" + fromId + ", " + toId + ") t(i))) "
                + "TO '" + out.toAbsolutePath().toString().replace("'", "''") + "' "
                + "(FORMAT parquet, COMPRESSION snappy, PARTITION_BY (f), OVERWRITE_OR_IGNORE)";
        try (Statement s = duckdb.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write benchmark files to " + out + ": " + e.getMessage(), e);
        }
    }

    private long calibrate() {
        long rows = 20_000;
        Path sample = work.resolve("calibrate");
        copy(sample, 0, rows, 0, rows, 0, "0");
        long bytes = moveOnlyFile(sample.resolve("f=0"), work.resolve("calibrate.parquet"));
        deleteEmptyDirectories(sample);
        try {
            Files.delete(work.resolve("calibrate.parquet"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Math.max(1, bytes / rows);
    }

    /** Moves the one file DuckDB wrote for a partition value to its target; returns its size. */
    private static long moveOnlyFile(Path partitionDir, Path target) {
        try (Stream<Path> files = Files.list(partitionDir)) {
            List<Path> written = files.toList();
            if (written.size() != 1) {
                throw new IllegalStateException("DuckDB wrote " + written.size() + " files in " + partitionDir + ", expected 1");
            }
            Files.createDirectories(target.getParent());
            Files.move(written.get(0), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            StoreEtags.tag(target);
            Files.delete(partitionDir);
            return Files.size(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the file written in " + partitionDir, e);
        }
    }

    private static void deleteEmptyDirectories(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    @Override
    public void close() {
        try {
            duckdb.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close DuckDB: " + e.getMessage(), e);
        }
    }
}
