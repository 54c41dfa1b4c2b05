package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.Partition;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableCatalog;
import io.tableload.catalog.TableRef;
import io.tableload.s3.BatchResult;
import io.tableload.s3.Cancellation;
import io.tableload.s3.Destination;
import io.tableload.s3.Download;
import io.tableload.s3.S3Object;
import io.tableload.s3.S3Session;
import io.tableload.s3.S3Settings;
import io.tableload.s3.S3Url;
import io.tableload.s3.internal.EachAtOnce;
import io.tableload.s3.internal.PrivateDirectories;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The {@link TableLoader} over a {@link TableCatalog} and one shared {@link S3Session}. */
final class DefaultTableLoader implements TableLoader {
    private final TableCatalog catalog;
    private final CompletableFuture<S3Session> opening;
    /** DuckDB opened ahead by {@link #prepareQueries}, until a load takes it; null if none is. */
    private CompletableFuture<Connection> preparedDuckDb;

    DefaultTableLoader(TableCatalog catalog, S3Settings s3Settings) {
        this.catalog = catalog;
        // Building the S3 client (the SDK, its HTTP and TLS set-up) costs about half a second of a
        // command's start-up. The metastore lookup needs no S3, so the session opens meanwhile.
        // Loads download into directories the loader picks, so the session needs none of its own.
        this.opening = CompletableFuture.supplyAsync(() -> S3Session.open(s3Settings, new Destination.Memory()),
                task -> {
                    Thread t = new Thread(task, "tableload-s3-open");
                    t.setDaemon(true);
                    t.start();
                });
    }

    /** The S3 session, once open; its opening failure, as thrown by {@link S3Session#open}. */
    private S3Session s3() {
        return EachAtOnce.joined(opening);
    }

    @Override
    public LoadPlan plan(TableRef ref, PartitionFilter filter, Optional<String> where, TableVersion version) {
        Table table = catalog.table(ref);
        if (table.icebergMetadataLocation().isPresent()) {
            LoadPlan plan = new IcebergPlanner(s3()).plan(table, table.icebergMetadataLocation().get(), filter, version,
                    where);
            return where.isEmpty() ? plan : plan.withPartitions(WherePruning.prune(plan.table(), plan.partitions(), where.get()));
        }
        if (!(version instanceof TableVersion.Current)) {
            throw hiveHasNoSnapshots(ref, "only Iceberg tables are loaded as of a snapshot");
        }
        List<Partition> partitions = catalog.partitions(table, filter);
        if (partitions.isEmpty()) {
            throw NothingMatched.noPartition(catalog, table, filter);
        }
        if (where.isPresent()) {
            partitions = WherePruning.prune(table, partitions, where.get());
            if (partitions.isEmpty()) {
                return new LoadPlan(table, partitions, List.of()); // the extract is empty, which is no error
            }
        }
        List<PlannedFile> files = new FilePlanner(s3()).files(table, partitions);
        if (files.isEmpty()) {
            throw NothingMatched.noFiles(table, partitions);
        }
        return new LoadPlan(table, partitions, files);
    }

    @Override
    public List<TableSnapshot> snapshots(TableRef ref) {
        Table table = catalog.table(ref);
        if (table.icebergMetadataLocation().isEmpty()) {
            throw hiveHasNoSnapshots(ref, "only Iceberg tables keep them");
        }
        return new IcebergPlanner(s3()).snapshots(table, table.icebergMetadataLocation().get());
    }

    @Override
    public Table table(TableRef ref) {
        Table table = catalog.table(ref);
        return table.icebergMetadataLocation().isEmpty() ? table
                : new IcebergPlanner(s3()).table(table, table.icebergMetadataLocation().get());
    }

    private static TableloadException hiveHasNoSnapshots(TableRef ref, String why) {
        return new TableloadException(ErrorCode.USAGE, "table " + ref + " is a Hive table, which has no snapshots; " + why);
    }

    @Override
    public LoadedTable load(LoadPlan plan, LoadOptions options) {
        if (options.queries()) { // before anything is touched
            requireParquetBeforeTheDownload(plan);
        }
        options.extract().ifPresent(e -> {
            e.checkColumns(plan.table());
            OutputFile.checkWritable(e.output());
        });
        String label = plan.table().ref().toString();
        KeptDestination kept = options.destination().map(KeptDestination::prepare).orElse(null);
        Path directory = kept != null ? kept.staging()
                : PrivateDirectories.createTemporary("tableload-" + label + "-", plan.bytes());
        List<Download> downloads = new ArrayList<>(plan.files().size());
        for (PlannedFile f : plan.files()) {
            downloads.add(Download.of(S3Url.parse(f.url()), f.relativePath(), f.size()));
        }
        DuckDbStart duckDb = options.queries()
                ? DuckDbStart.inBackground(plan, options.extract(), takePreparedDuckDb()) : null;
        CompletableFuture<Connection> deletesDuckDb = DataFileRewriter.prepare(plan);
        Cancellation cancellation = options.cancellation().orElseGet(Cancellation::new);
        if (duckDb != null) {
            duckDb.onRejection(cancellation::cancel); // a bad extract: no use downloading the rest
        }
        long start = System.nanoTime();
        DefaultLoadedTable staged = null;
        try {
            BatchResult<S3Object> result = s3().download(downloads, directory, options.listener(), cancellation);
            if (!result.allSucceeded() || cancellation.isCancelled()) { // cancelled late: keep nothing still
                throw cancellation.reason().orElseGet(() -> firstFailure(result, downloads.size()));
            }
            CompletableFuture<Connection> handedOver = deletesDuckDb;
            deletesDuckDb = null; // the applier closes it, whatever happens
            DataFileRewriter.apply(s3(), plan.files(), directory, cancellation, handedOver);
            Duration fetchTime = Duration.ofNanos(System.nanoTime() - start);
            staged = new DefaultLoadedTable(plan, directory, kept == null, fetchTime, duckDb);
            if (options.extract().isPresent()) {
                // Before anything is kept: an extract that fails, even over the data alone (a value
                // that does not convert, say), leaves the destination as it was.
                Optional<TableloadException> rejection = duckDb.rejection();
                if (rejection.isPresent()) {
                    throw rejection.get();
                }
                staged.exported(staged.export(options.extract().get()));
            }
        } catch (RuntimeException e) {
            if (deletesDuckDb != null) {
                DuckDbStart.closeWhenOpen(deletesDuckDb);
            }
            if (staged != null) {
                staged.close();
            } else if (duckDb != null) {
                duckDb.close();
            }
            if (kept != null) {
                kept.abort();
            } else {
                PrivateDirectories.delete(directory);
            }
            throw e;
        }
        if (kept == null) {
            return staged;
        }
        if (staged.exportedRows().isPresent()) {
            staged.close(); // its DuckDB view names the staged files, which the commit moves
        }
        try {
            kept.commit(label);
        } catch (RuntimeException e) {
            staged.close(); // the DuckDB it may still hold
            throw e;
        }
        return staged.movedTo(kept.destination());
    }

    @Override
    public synchronized void prepareQueries() {
        if (preparedDuckDb == null) {
            preparedDuckDb = DuckDbStart.openAhead();
        }
    }

    @Override
    public void check(LoadPlan plan, Extract extract) {
        requireParquetBeforeTheDownload(plan);
        extract.checkColumns(plan.table());
        if (extract.where().isEmpty()) {
            return; // the columns were all a query could get wrong before the files
        }
        try (DuckDbStart duckDb = DuckDbStart.inBackground(plan, Optional.of(extract), takePreparedDuckDb())) {
            Optional<TableloadException> rejection = duckDb.rejection();
            if (rejection.isPresent()) {
                throw rejection.get();
            }
        }
    }

    /** A load meant for queries or an extract is refused before its files download for nothing. */
    private static void requireParquetBeforeTheDownload(LoadPlan plan) {
        DefaultLoadedTable.requireParquet(plan, "query", "load its files without queries or an extract"
                + " (--where, --columns, --limit, --output), and read them with a tool for that format");
    }

    private synchronized CompletableFuture<Connection> takePreparedDuckDb() {
        CompletableFuture<Connection> prepared = preparedDuckDb;
        preparedDuckDb = null;
        return prepared;
    }

    private static TableloadException firstFailure(BatchResult<S3Object> result, int total) {
        List<BatchResult.Item<S3Object>> failures = result.failures();
        TableloadException first = failures.get(0).error().orElseThrow();
        return new TableloadException(first.code(), failures.size() + " of " + total
                + " files could not be fetched; the first: " + first.getMessage(), first);
    }

    @Override
    public void close() {
        CompletableFuture<Connection> unused = takePreparedDuckDb();
        if (unused != null) {
            DuckDbStart.closeWhenOpen(unused);
        }
        try {
            // A session still opening is waited for, so that its connection pool and threads close too.
            S3Session session = opening.handle((opened, failure) -> opened).join();
            if (session != null) {
                session.close();
            }
        } finally {
            catalog.close();
        }
    }
}
