package io.tableload.catalog.hive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.GetPartitionsByFilterRequest;
import org.apache.hadoop.hive.metastore.api.GetPartitionsByNamesRequest;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metastore calls tableload makes, each with its fallback for servers that lack the newer
 * request-object call: Hive 4 removed {@code get_table} in favour of {@code get_table_req}, while
 * 2.x/3.x servers may lack the {@code *_req} calls and answer "Invalid method name". Once a
 * server has said so, the older call is used directly.
 */
final class MetastoreCalls {
    private static final Logger LOG = LoggerFactory.getLogger(MetastoreCalls.class);
    /** How many partitions one by-names call fetches. */
    static final int NAMES_BATCH = 500;
    private static final short ALL = -1;
    /** The catalog Hive 3+ puts every database in unless configured otherwise. */
    private static final String DEFAULT_CATALOG = "hive";

    /**
     * The catalog each table looked up was found in, by {@code db.table}: calls without a catalog
     * name go to the server's default catalog, which need not be {@link #DEFAULT_CATALOG} (HDP
     * makes it {@code spark} for Spark's metastore), so the filter call, which must name one,
     * names the table's own.
     */
    private final Map<String, String> catalogs = new ConcurrentHashMap<>();
    private final MetastoreClients clients;
    private final AtomicBoolean noTableReq = new AtomicBoolean();
    private final AtomicBoolean noFilterReq = new AtomicBoolean();
    private final AtomicBoolean noNamesReq = new AtomicBoolean();
    private final AtomicInteger namesBatch = new AtomicInteger(NAMES_BATCH);

    MetastoreCalls(MetastoreClients clients) {
        this.clients = clients;
    }

    Table table(String db, String name) throws TException {
        String what = "look up table " + db + "." + name;
        if (!noTableReq.get()) {
            try {
                Table t = clients.call(what, c -> c.get_table_req(new GetTableRequest(db, name)).getTable());
                if (t != null && t.isSetCatName()) {
                    catalogs.put(tableKey(db, name), t.getCatName());
                }
                return t;
            } catch (TApplicationException e) {
                if (!unknownMethod(e)) {
                    throw e;
                }
                noTableReq.set(true);
            }
        }
        return clients.call(what, c -> LegacyGetTable.call(c, db, name));
    }

    List<Partition> partitionsByFilter(String db, String name, String filter) throws TException {
        String what = "list the partitions of " + db + "." + name + " matching a filter";
        if (!noFilterReq.get()) {
            try {
                return clients.call(what, c -> {
                    GetPartitionsByFilterRequest req = new GetPartitionsByFilterRequest(db, name, filter);
                    // Without a catalog name, Hive 4's JDO filter path fails ("catName is null")
                    // for every filter, which would quietly turn all pushdown into the fallback.
                    req.setCatName(catalogs.getOrDefault(tableKey(db, name), DEFAULT_CATALOG));
                    req.setMaxParts(ALL);
                    return c.get_partitions_by_filter_req(req);
                });
            } catch (TApplicationException e) {
                if (!unknownMethod(e)) {
                    throw e;
                }
                noFilterReq.set(true);
            }
        }
        return clients.call(what, c -> c.get_partitions_by_filter(db, name, filter, ALL));
    }

    List<String> partitionNames(String db, String name) throws TException {
        return clients.call("list the partition names of " + db + "." + name,
                c -> c.get_partition_names(db, name, ALL));
    }

    /**
     * Fetches partitions by their (escaped) names in batches; names that no longer exist are
     * skipped. A server that refuses a batch as more partitions than its
     * {@link PartitionRequestLimit} allows gets batches of that size from then on.
     */
    List<Partition> partitionsByNames(String db, String name, List<String> names) throws TException {
        List<Partition> result = new ArrayList<>(names.size());
        String what = "fetch partitions of " + db + "." + name + " by name";
        int from = 0;
        while (from < names.size()) {
            List<String> batch = List.copyOf(names.subList(from, Math.min(names.size(), from + namesBatch.get())));
            try {
                result.addAll(byNames(what, db, name, batch));
                from += batch.size();
            } catch (MetaException e) {
                OptionalInt limit = PartitionRequestLimit.of(e);
                if (limit.isEmpty() || limit.getAsInt() < 1 || limit.getAsInt() >= batch.size()) {
                    throw e;
                }
                LOG.debug("the metastore returns at most {} partitions per call; fetching {} by name in batches of that size",
                        limit.getAsInt(), names.size());
                namesBatch.accumulateAndGet(limit.getAsInt(), Math::min);
            }
        }
        return result;
    }

    private List<Partition> byNames(String what, String db, String name, List<String> batch) throws TException {
        if (!noNamesReq.get()) {
            try {
                return clients.call(what, c -> {
                    GetPartitionsByNamesRequest req = new GetPartitionsByNamesRequest(db, name);
                    req.setNames(batch);
                    return c.get_partitions_by_names_req(req).getPartitions();
                });
            } catch (TApplicationException e) {
                if (!unknownMethod(e)) {
                    throw e;
                }
                noNamesReq.set(true);
            }
        }
        return clients.call(what, c -> c.get_partitions_by_names(db, name, batch));
    }

    Database database(String db) throws TException {
        return clients.call("look up database " + db, c -> c.get_database(db));
    }

    List<String> databases() throws TException {
        return clients.call("list the databases", c -> c.get_all_databases());
    }

    List<String> tables(String db) throws TException {
        return clients.call("list the tables of " + db, c -> c.get_all_tables(db));
    }

    private static String tableKey(String db, String name) {
        return db + "." + name;
    }

    private static boolean unknownMethod(TApplicationException e) {
        return e.getType() == TApplicationException.UNKNOWN_METHOD
                || (e.getMessage() != null && e.getMessage().startsWith("Invalid method name"));
    }
}
