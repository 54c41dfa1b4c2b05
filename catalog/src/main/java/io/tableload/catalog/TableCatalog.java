package io.tableload.catalog;

import io.tableload.catalog.hive.HiveMetastoreCatalog;
import java.util.List;

/**
 * Resolves tables and partitions. Implementations are safe to share between threads; close one
 * to release its connections. Every failure is a {@link io.tableload.TableloadException}:
 * {@code NOT_FOUND} for a missing table or database ({@link TableNotFoundException}),
 * {@code USAGE} for a bad request (a table that cannot be loaded, a filter the table cannot take),
 * {@code UNREACHABLE} when the catalog cannot be reached after retries.
 */
public interface TableCatalog extends AutoCloseable {

    /** A catalog backed by a Hive Metastore over Thrift. Connections open lazily, on first use. */
    static TableCatalog hiveMetastore(MetastoreSettings settings) {
        return HiveMetastoreCatalog.open(settings);
    }

    /**
     * Looks a table up for loading. For an Iceberg table, {@link Table#icebergMetadataLocation()}
     * names the metadata that says which files hold its rows; its partitions are not the
     * metastore's, so {@link #partitions} does not apply to it.
     *
     * @throws TableNotFoundException if the table or its database does not exist
     * @throws io.tableload.TableloadException with {@code USAGE} for a view ("views cannot be
     *     loaded directly"), an Iceberg table without a metadata file, a table whose files are not its
     *     rows (Delta Lake, Hudi, Hive transactional), or one Spark registered in a form only Spark reads
     */
    Table table(TableRef ref);

    /**
     * Looks a table up to show it, whether or not it can be loaded: a table {@link #table} refuses
     * comes with the reason it gives.
     *
     * @throws TableNotFoundException if the table or its database does not exist
     * @throws io.tableload.TableloadException with {@code USAGE} when the metastore will not hand
     *     the table over at all (a Hive transactional table, to a client that does not claim to
     *     read those)
     */
    TableDescription describe(TableRef ref);

    /**
     * The partitions of a table that match a filter, ordered by partition values (typed by key:
     * numbers and dates in their natural order, NULL last), then by location. An unpartitioned
     * table gives one partition with no values at the table location. An empty list means no
     * partition matched; it is the caller's call whether that is an error.
     *
     * @throws io.tableload.TableloadException with {@code USAGE} if the filter does not fit the
     *     table (unknown key, value not of the key's type, a filter on an unpartitioned table)
     */
    List<Partition> partitions(Table table, PartitionFilter filter);

    /** The table names of a database, sorted; empty for a database without tables. */
    List<String> tables(String database);

    /** The database names, sorted. */
    List<String> databases();

    /** Releases connections; the catalog cannot be used afterwards. */
    @Override
    void close();
}
