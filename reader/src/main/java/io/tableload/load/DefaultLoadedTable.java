package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.Partition;
import io.tableload.catalog.StorageFormat;
import io.tableload.catalog.Table;
import io.tableload.s3.internal.PrivateDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.generic.GenericRecord;

/** A loaded table on local disk; see {@link LoadedTable}. */
final class DefaultLoadedTable implements LoadedTable {
    private final LoadPlan plan;
    private final Path directory;
    private final boolean deleteOnClose;
    private final Duration fetchTime;
    private final List<LocalFile> files;
    /** DuckDB opened during the load, if the load was for queries; null once handed to {@link #duckDb}. */
    private DuckDbStart duckDbStart;
    private DuckDbTable duckDb;
    /** Record streams not closed yet: closing the table stops their decoders before the files go. */
    private final Set<ReadAheadRecords> openStreams = ConcurrentHashMap.newKeySet();
    private boolean closed;
    /** Rows the load's own extract wrote, once it has run. */
    private OptionalLong exportedRows = OptionalLong.empty();

    /**
     * @param duckDbStart DuckDB started during the load, which this table then owns; null if none was
     */
    DefaultLoadedTable(LoadPlan plan, Path directory, boolean deleteOnClose, Duration fetchTime,
            DuckDbStart duckDbStart) {
        this.plan = plan;
        this.duckDbStart = duckDbStart;
        this.directory = directory;
        this.deleteOnClose = deleteOnClose;
        this.fetchTime = fetchTime;
        this.files = plan.files().stream()
                .map(f -> new LocalFile(directory.resolve(f.relativePath()), f.partitionValues(), localSize(f, directory)))
                .toList();
    }

    /**
     * A file's size on disk: the object's, unless the load may have written it again (without
     * deleted rows, or under the table's column names).
     */
    private static long localSize(PlannedFile f, Path directory) {
        if (f.deletes().isEmpty() && f.columnMapping().isEmpty()) {
            return f.size();
        }
        try {
            return Files.size(directory.resolve(f.relativePath()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public LoadPlan plan() {
        return plan;
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public List<LocalFile> files() {
        return files;
    }

    @Override
    public Duration fetchTime() {
        return fetchTime;
    }

    @Override
    public CloseableIterator<GenericRecord> records() {
        return records(RecordOptions.defaults());
    }

    @Override
    public CloseableIterator<GenericRecord> records(RecordOptions options) {
        Objects.requireNonNull(options, "options");
        requireParquet("read records from");
        int threads = options.threads() > 0 ? options.threads() : ReadAheadRecords.defaultThreads(files,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory());
        RowShape shape = RowShape.of(plan.table(), plan.partitionColumns(), options.columns());
        ReadAheadRecords stream = new ReadAheadRecords(files, shape, threads, options.planOrder(), openStreams::remove);
        openStreams.add(stream);
        return stream;
    }

    @Override
    public QueryResult query(String sql, Object... parameters) {
        return duckDb().query(sql, parameters);
    }

    @Override
    public QueryStream streamQuery(String sql, Object... parameters) {
        return duckDb().stream(sql, parameters);
    }

    @Override
    public long export(Extract extract) {
        return duckDb().export(extract);
    }

    @Override
    public OptionalLong exportedRows() {
        return exportedRows;
    }

    /** Records the rows the load's own extract ({@link LoadOptions#extract}) wrote. */
    void exported(long rows) {
        exportedRows = OptionalLong.of(rows);
    }

    /**
     * The same load once its files have moved to {@code destination} (a kept destination's commit):
     * a table there that takes over whatever DuckDB this one started and has not used yet.
     */
    DefaultLoadedTable movedTo(Path destination) {
        DefaultLoadedTable moved = new DefaultLoadedTable(plan, destination, false, fetchTime, duckDbStart);
        duckDbStart = null;
        moved.exportedRows = exportedRows;
        return moved;
    }

    private DuckDbTable duckDb() {
        requireParquet("query");
        if (duckDb == null) {
            Connection opened = duckDbStart == null ? null : duckDbStart.take();
            duckDbStart = null;
            duckDb = new DuckDbTable(plan.table().ref().table(), plan.table().columns(), plan.partitionColumns(),
                    BareBinaryText.of(plan.table()), files, opened);
        }
        return duckDb;
    }

    private void requireParquet(String action) {
        if (closed) {
            throw new TableloadException(ErrorCode.USAGE, "the loaded table " + plan.table().ref() + " is closed; load it again");
        }
        requireParquet(plan, action, "the files themselves were loaded to " + directory);
    }

    /**
     * Refuses to {@code action} a load DuckDB and the record reader cannot read: a planned
     * partition not stored as Parquet (an unpartitioned table's one "partition" has the table's
     * format). {@code advice} says what the caller can do instead.
     *
     * <p>Hive reads each partition by its own format, so the partitions decide, not the table: a
     * table declared as text whose partitions were converted to Parquet ({@code ALTER TABLE ...
     * PARTITION ... SET FILEFORMAT PARQUET}) reads as Parquet. The table's format decides only
     * when no partition was planned.
     */
    static void requireParquet(LoadPlan plan, String action, String advice) {
        Table table = plan.table();
        List<Partition> unreadable = plan.partitions().stream().filter(p -> p.format() != StorageFormat.PARQUET).toList();
        boolean allAsTheTable = unreadable.size() == plan.partitions().size()
                && unreadable.stream().allMatch(p -> p.format() == table.format());
        if (table.format() != StorageFormat.PARQUET && allAsTheTable) {
            throw new TableloadException(ErrorCode.USAGE, "cannot " + action + " " + table.ref() + ": it is stored as "
                    + table.format() + ", and only Parquet tables can be read locally; " + advice);
        }
        if (!unreadable.isEmpty()) {
            Partition p = unreadable.get(0);
            throw new TableloadException(ErrorCode.USAGE, "cannot " + action + " " + table.ref() + ": its partition "
                    + p.path() + " is stored as " + p.format() + ", and only Parquet can be read locally;"
                    + " leave that partition out of the partition filter, or " + advice);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (ReadAheadRecords stream : List.copyOf(openStreams)) {
                stream.close();
            }
            if (duckDbStart != null) {
                duckDbStart.close();
            }
            if (duckDb != null) {
                duckDb.close();
            }
        } finally {
            if (deleteOnClose) {
                PrivateDirectories.delete(directory);
            }
        }
    }
}
