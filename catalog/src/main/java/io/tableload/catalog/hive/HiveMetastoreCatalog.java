package io.tableload.catalog.hive;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.BoundPartitionFilter;
import io.tableload.catalog.MetastoreSettings;
import io.tableload.catalog.Partition;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.PartitionOrder;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableCatalog;
import io.tableload.catalog.TableDescription;
import io.tableload.catalog.TableNotFoundException;
import io.tableload.catalog.TableRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TableCatalog} on a Hive Metastore over Thrift (binary protocol; SASL GSSAPI when the
 * settings ask for Kerberos, {@link KerberosTransport}), through a small
 * pool of connections ({@link MetastoreClients}). Works with Hive Metastore 4.x and falls back to
 * the older calls of 2.x/3.x servers ({@link MetastoreCalls}).
 *
 * <p>Partition pruning: the filter's metastore form goes to {@code get_partitions_by_filter}; if
 * the metastore rejects it (integer keys under JDO, operators some versions lack) or there is no
 * metastore form, partition names are listed, the filter is evaluated here on the values in the
 * names, and only the matching partitions are fetched by name. Either way the exact filter is
 * applied to what comes back. A transport failure is never a reason to fall back: it is an error.
 */
public final class HiveMetastoreCatalog implements TableCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(HiveMetastoreCatalog.class);

    /** Up to this many ORed specs are sent as separate filter calls (see {@link #byFilters}). */
    private static final int MAX_SEPARATE_FILTERS = 8;

    private final MetastoreSettings settings;
    private final MetastoreClients clients;
    private final MetastoreCalls calls;

    private HiveMetastoreCatalog(MetastoreSettings settings) {
        this.settings = settings;
        this.clients = new MetastoreClients(settings);
        this.calls = new MetastoreCalls(clients);
    }

    /** Opens a catalog; no connection is made until the first call. */
    public static HiveMetastoreCatalog open(MetastoreSettings settings) {
        return new HiveMetastoreCatalog(settings);
    }

    @Override
    public Table table(TableRef ref) {
        org.apache.hadoop.hive.metastore.api.Table t = fetch(ref);
        Table mapped = ThriftMapping.table(ref, t);
        Optional<TableloadException> refusal = refusal(ref, t, mapped);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
        return mapped;
    }

    @Override
    public TableDescription describe(TableRef ref) {
        org.apache.hadoop.hive.metastore.api.Table t = fetch(ref);
        Table mapped = ThriftMapping.table(ref, t);
        return new TableDescription(mapped, refusal(ref, t, mapped).map(Throwable::getMessage));
    }

    /** The metastore's own record of a table. */
    private org.apache.hadoop.hive.metastore.api.Table fetch(TableRef ref) {
        org.apache.hadoop.hive.metastore.api.Table t;
        try {
            t = calls.table(ref.database(), ref.table());
        } catch (NoSuchObjectException e) {
            throw notFound(ref);
        } catch (TException e) {
            if (TableFormats.isRefusalOfTransactionalTable(e)) {
                throw TableFormats.notLoadable(ref, TableFormats.HIVE_TRANSACTIONAL);
            }
            throw failed("look up table " + ref, e);
        }
        if (t == null) {
            throw notFound(ref);
        }
        return t;
    }

    /** The error a load of {@code t} fails with, when it cannot be loaded: a view, or {@link TableFormats}' kinds. */
    private static Optional<TableloadException> refusal(TableRef ref, org.apache.hadoop.hive.metastore.api.Table t,
            Table mapped) {
        if (ThriftMapping.isView(t)) {
            return Optional.of(new TableloadException(ErrorCode.USAGE, "table " + ref + " is a view, and views cannot"
                    + " be loaded directly; load the tables its query reads instead" + viewText(t)));
        }
        return TableFormats.refusal(ref, t, mapped);
    }

    @Override
    public List<Partition> partitions(Table table, PartitionFilter filter) {
        BoundPartitionFilter bound = filter.bind(table);
        if (!table.isPartitioned()) {
            if (table.location() == null) {
                throw new TableloadException(ErrorCode.USAGE, "table " + table.ref() + " has no location to load from");
            }
            return List.of(Partition.of(Map.of(), table.location(), table.format()));
        }
        TableRef ref = table.ref();
        List<org.apache.hadoop.hive.metastore.api.Partition> raw;
        try {
            raw = fetch(table, bound);
        } catch (NoSuchObjectException e) {
            throw notFound(ref);
        } catch (TException e) {
            throw failed("list the partitions of " + ref, e);
        }
        List<Partition> fetched = raw.stream().map(p -> ThriftMapping.partition(table, p)).toList();
        List<Partition> result = new ArrayList<>(bound.select(fetched, Partition::values));
        result.sort(PartitionOrder.of(table.partitionKeys()));
        return List.copyOf(result);
    }

    private List<org.apache.hadoop.hive.metastore.api.Partition> fetch(Table table, BoundPartitionFilter bound)
            throws TException {
        TableRef ref = table.ref();
        Optional<List<String>> expressions = settings.filterPushdown() ? bound.metastoreFilters() : Optional.empty();
        if (expressions.isPresent()) {
            try {
                return byFilters(ref, expressions.get());
            } catch (MetaException e) {
                if (isDenial(e)) {
                    throw e; // listing would be refused as well
                }
                // The metastore cannot evaluate this filter (e.g. integer keys under JDO): prune here.
                LOG.debug("metastore cannot filter {} by {} ({}); evaluating the filter locally", ref,
                        expressions.get(), e.getMessage());
            }
        }
        List<String> names = calls.partitionNames(ref.database(), ref.table());
        List<String> keyNames = table.partitionKeys().stream().map(io.tableload.catalog.Column::name).toList();
        Map<String, Map<String, String>> valuesByName = new LinkedHashMap<>();
        for (String name : names) {
            try {
                valuesByName.put(name, io.tableload.catalog.PartitionPaths.parse(name, keyNames));
            } catch (IllegalArgumentException e) {
                throw new TableloadException(ErrorCode.INTERNAL, "the metastore listed a partition of " + ref
                        + " whose name does not fit its keys: " + e.getMessage(), e);
            }
        }
        List<String> wanted = bound.select(List.copyOf(valuesByName.keySet()), valuesByName::get);
        return calls.partitionsByNames(ref.database(), ref.table(), wanted);
    }

    /**
     * Partitions selected by any of the filters. A few specs go one call each: Hive 4's direct SQL
     * answers an OR of conjunctions several times slower than the conjunctions one by one (measured
     * in bench/catalog); many specs go as one OR, to bound the number of calls.
     */
    private List<org.apache.hadoop.hive.metastore.api.Partition> byFilters(TableRef ref, List<String> filters)
            throws TException {
        if (filters.size() == 1 || filters.size() > MAX_SEPARATE_FILTERS) {
            String or = filters.size() == 1 ? filters.get(0)
                    : filters.stream().map(f -> "(" + f + ")").collect(java.util.stream.Collectors.joining(" or "));
            return calls.partitionsByFilter(ref.database(), ref.table(), or);
        }
        Map<List<String>, org.apache.hadoop.hive.metastore.api.Partition> union = new LinkedHashMap<>();
        for (String f : filters) {
            for (org.apache.hadoop.hive.metastore.api.Partition p : calls.partitionsByFilter(ref.database(), ref.table(), f)) {
                union.putIfAbsent(p.getValues(), p); // a partition two specs select comes once
            }
        }
        return new ArrayList<>(union.values());
    }

    @Override
    public List<String> tables(String database) {
        try {
            calls.database(database);
            List<String> tables = new ArrayList<>(calls.tables(database));
            tables.sort(null);
            return List.copyOf(tables);
        } catch (NoSuchObjectException e) {
            throw new TableloadException(ErrorCode.NOT_FOUND, "database \"" + database + "\" does not exist"
                    + hint(Suggestions.similar(database, databases())));
        } catch (TException e) {
            throw failed("list the tables of database " + database, e);
        }
    }

    @Override
    public List<String> databases() {
        try {
            List<String> databases = new ArrayList<>(calls.databases());
            databases.sort(null);
            return List.copyOf(databases);
        } catch (TException e) {
            throw failed("list the databases", e);
        }
    }

    @Override
    public void close() {
        clients.close();
    }

    private TableNotFoundException notFound(TableRef ref) {
        try {
            try {
                calls.database(ref.database());
            } catch (NoSuchObjectException e) {
                return new TableNotFoundException(ref, true, Suggestions.similar(ref.database(), calls.databases()));
            }
            List<String> similar = Suggestions.similar(ref.table(), calls.tables(ref.database()));
            return new TableNotFoundException(ref, false, similar.stream().map(t -> ref.database() + "." + t).toList());
        } catch (TException e) {
            // Suggestions are a courtesy: the table is missing either way.
            LOG.debug("cannot gather suggestions for {}: {}", ref, e.toString());
            return new TableNotFoundException(ref, false, List.of());
        }
    }

    private static String hint(List<String> suggestions) {
        return suggestions.isEmpty() ? "; check the name" : "; did you mean " + String.join(", ", suggestions) + "?";
    }

    private static String viewText(org.apache.hadoop.hive.metastore.api.Table t) {
        String text = t.getViewOriginalText();
        if (text == null || text.isBlank()) {
            return "";
        }
        text = text.strip().replaceAll("\\s+", " ");
        return " (its query: " + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + ")";
    }

    private static TableloadException failed(String what, TException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (isDenial(e)) {
            return new TableloadException(ErrorCode.ACCESS_DENIED, "the Hive Metastore refused to " + what + ": "
                    + message + "; ask for read access to it, or run as a user who has it", e);
        }
        return new TableloadException(ErrorCode.INTERNAL, "the Hive Metastore failed to " + what + ": " + message, e);
    }

    /**
     * Whether the metastore refused the call for want of a privilege. Thrift carries an
     * authorization failure as a plain MetaException; Hive's authorizers (storage-based, SQL
     * standard, Ranger's) all word it "Permission denied", Hadoop's as an AccessControlException.
     */
    static boolean isDenial(TException e) {
        if (!(e instanceof MetaException) || e.getMessage() == null) {
            return false;
        }
        String message = e.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("permission denied") || message.contains("accesscontrolexception");
    }
}
