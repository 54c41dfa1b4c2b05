package io.tableload.load;

import io.tableload.catalog.MetastoreSettings;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.TableCatalog;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableRef;
import io.tableload.s3.S3Settings;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Loads Hive tables from S3 onto local disk: resolves the table and the partitions a filter
 * selects in the metastore, lists their data files, and fetches them in parallel. Build one per
 * process and share it: it is thread-safe and holds the metastore connections and the S3 client.
 *
 * <pre>{@code
 * try (TableLoader loader = TableLoader.open(MetastoreSettings.fromEnvironment(), S3Settings.defaults())) {
 *     LoadPlan plan = loader.plan(TableRef.parse("sales"), PartitionFilter.parse("country=FI"));
 *     try (LoadedTable table = loader.load(plan.shard(ShardSpec.parse("0/4"), false), LoadOptions.temporary())) {
 *         ...
 *     }
 * }
 * }</pre>
 *
 * Failures are {@link io.tableload.TableloadException}s: {@code NOT_FOUND} (table or database),
 * {@code NOTHING_MATCHED} (no partition or no data file matched), {@code USAGE} (bad filter, a
 * view, an unsupported table), {@code ACCESS_DENIED}, {@code UNREACHABLE}, {@code NO_ROOM}.
 */
public interface TableLoader extends AutoCloseable {

    /** A loader over a Hive Metastore and S3. */
    static TableLoader open(MetastoreSettings metastore, S3Settings s3) {
        return new DefaultTableLoader(TableCatalog.hiveMetastore(metastore), s3);
    }

    /**
     * Resolves a table and filter to the files a load would fetch, downloading nothing.
     *
     * @throws io.tableload.TableloadException with {@code NOTHING_MATCHED} when no partition or
     *     no data file matches, naming the partitions that exist
     */
    default LoadPlan plan(TableRef table, PartitionFilter filter) {
        return plan(table, filter, Optional.empty());
    }

    /**
     * As {@link #plan(TableRef, PartitionFilter)}, for an extract with this {@code where}: the
     * partitions it excludes by their partition values alone ({@code dt >= '2024-06-01' AND
     * amount > 100} excludes those before June) are left out of the plan before their files are
     * listed, as a SQL engine prunes partitions by its WHERE. The extract still applies the whole
     * {@code where} to the rows. Leaving partitions out can leave none: the plan is then empty
     * (an extract of it has the table's columns and no rows), not {@code NOTHING_MATCHED}.
     */
    default LoadPlan plan(TableRef table, PartitionFilter filter, Optional<String> where) {
        return plan(table, filter, where, TableVersion.current());
    }

    /**
     * As {@link #plan(TableRef, PartitionFilter, Optional)}, for an Iceberg table as of one of its
     * snapshots: the files, partitions and columns that snapshot had ({@link LoadPlan#snapshot()}
     * of an earlier plan, say). Workers of one fan-out that plan with the snapshot of the first
     * plan load the same files, whatever was committed since; a training run can be repeated on
     * the same rows while the snapshot is kept. Without a snapshot, the current one.
     *
     * @throws io.tableload.TableloadException {@code NOT_FOUND} when the table has no such snapshot
     *     (it expired), {@code USAGE} when a snapshot is given for a Hive table
     */
    default LoadPlan plan(TableRef table, PartitionFilter filter, Optional<String> where, OptionalLong snapshot) {
        return plan(table, filter, where, snapshot.isPresent() ? TableVersion.snapshot(snapshot.getAsLong())
                : TableVersion.current());
    }

    /**
     * As {@link #plan(TableRef, PartitionFilter, Optional)}, for an Iceberg table as of {@code
     * version}: a snapshot by id, a branch or tag, or the snapshot that was current at a time.
     * {@link LoadPlan#snapshot()} says which snapshot that was, for workers to plan with.
     *
     * @throws io.tableload.TableloadException {@code NOT_FOUND} when the table has no such snapshot
     *     (it expired), branch or tag, or had none at that time; {@code USAGE} when a version
     *     other than the current one is asked of a Hive table
     */
    LoadPlan plan(TableRef table, PartitionFilter filter, Optional<String> where, TableVersion version);

    /**
     * The snapshots an Iceberg table keeps, oldest first: those a plan can be made as of.
     *
     * @throws io.tableload.TableloadException {@code USAGE} for a Hive table, which has none
     */
    List<TableSnapshot> snapshots(TableRef table);

    /**
     * The table as a load sees it. For an Iceberg table, from its metadata on S3: the columns of
     * its current schema, and as partition keys the partition fields {@code --partition} names
     * ({@code country}, {@code ts_day}), typed as their values are, where the metastore may hold
     * columns its catalog left as they were. For a Hive table, as the metastore describes it.
     */
    Table table(TableRef table);

    /** Fetches the files of a plan (or of one of its shards). */
    LoadedTable load(LoadPlan plan, LoadOptions options);

    /**
     * Starts opening DuckDB now, in the background, for the next load whose rows are queried
     * ({@link LoadOptions#withQueries()}, {@link LoadOptions#withExtract}): opening it takes a few
     * tenths of a second, which planning then hides, and an extract is checked as soon as the plan
     * is there. Optional; a load for queries without it opens DuckDB while its files download.
     */
    void prepareQueries();

    /**
     * Checks an extract against a plan's table without loading anything, as a load
     * {@link LoadOptions#withExtract with the extract} would while its files download: the names
     * in its columns, then what DuckDB can tell of its {@code where} from the declared columns
     * alone. Opens DuckDB (or takes the one {@link #prepareQueries} opened) when there is a
     * {@code where}.
     *
     * @throws io.tableload.TableloadException ({@code USAGE}) naming what is wrong
     */
    void check(LoadPlan plan, Extract extract);

    /** Plans and fetches into a private temporary directory. */
    default LoadedTable load(TableRef table, PartitionFilter filter) {
        return load(plan(table, filter), LoadOptions.temporary());
    }

    /** Closes the metastore connections and the S3 client. */
    @Override
    void close();
}
