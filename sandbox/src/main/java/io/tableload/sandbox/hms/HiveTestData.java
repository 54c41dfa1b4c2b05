package io.tableload.sandbox.hms;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.CreateTableRequest;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSSLTransportFactory;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * Creates real databases, tables, views and partitions in a metastore over raw Thrift, for tests
 * and the demo. Not thread-safe (one connection); close it when done. Failures surface as
 * {@link IllegalStateException} naming what was being created.
 */
public final class HiveTestData implements AutoCloseable {
    /** What Hive stores for a NULL partition value. */
    public static final String DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";
    /** Embedded Derby cannot take much more in one multi-row insert (see FACTS.md). */
    private static final int PARTITION_BATCH = 100;

    private final TTransport transport;
    private final ThriftHiveMetastore.Client client;

    private HiveTestData(TTransport transport) {
        this.transport = transport;
        this.client = new ThriftHiveMetastore.Client(new TBinaryProtocol(transport));
    }

    /** Opens a connection to {@code thrift://host:port}. */
    public static HiveTestData connect(String metastoreUri) {
        URI uri = URI.create(metastoreUri);
        try {
            TSocket socket = new TSocket(uri.getHost(), uri.getPort(), 60_000);
            socket.open();
            return new HiveTestData(socket);
        } catch (TTransportException e) {
            throw new IllegalStateException("cannot connect to " + metastoreUri, e);
        }
    }

    /**
     * Opens a TLS connection to the metastore listening on {@code port} of {@code localhost}, with
     * Thrift's own TLS client, trusting the certificates in {@code truststore} (PKCS12).
     */
    public static HiveTestData connectOverTls(int port, Path truststore, String truststorePassword) {
        TSSLTransportFactory.TSSLTransportParameters params = new TSSLTransportFactory.TSSLTransportParameters();
        params.setTrustStore(truststore.toString(), truststorePassword, null, "PKCS12");
        try {
            return new HiveTestData(TSSLTransportFactory.getClientSocket("localhost", port, 60_000, params));
        } catch (TTransportException e) {
            throw new IllegalStateException("cannot connect over TLS to port " + port, e);
        }
    }

    /** Works through {@code transport}, open to a metastore (one that takes only Kerberos, say); closing closes it. */
    public static HiveTestData over(TTransport transport) {
        return new HiveTestData(transport);
    }

    /**
     * Creates database {@code db} holding {@code sales} ({@code id bigint}, partitioned by
     * {@code country string}, at {@code s3://bucket/sales}) with a partition for each of {@code countries}.
     */
    public void createSalesByCountry(String db, String... countries) {
        createDatabase(db);
        table(db, "sales").column("id", "bigint").partitionKey("country", "string").location("s3://bucket/sales").create();
        addPartitions(db, "sales", java.util.Arrays.stream(countries).map(PartitionSpec::of).toList());
    }

    /** Creates a database with the server's default location. */
    public void createDatabase(String name) {
        Database db = new Database();
        db.setName(name);
        db.setParameters(new HashMap<>());
        call("create database " + name, () -> client.create_database(db));
    }

    /**
     * Creates a metastore catalog (Hive 3's namespace above databases), as HDP creates one named
     * {@code spark} for Spark's tables.
     */
    public void createCatalog(String name, String location) {
        org.apache.hadoop.hive.metastore.api.Catalog catalog = new org.apache.hadoop.hive.metastore.api.Catalog(name, location);
        call("create catalog " + name, () -> client.create_catalog(
                new org.apache.hadoop.hive.metastore.api.CreateCatalogRequest(catalog)));
    }

    /** Drops a database with everything in it; a missing database is fine. */
    public void dropDatabase(String name) {
        call("drop database " + name, () -> {
            try {
                client.drop_database(name, true, true);
            } catch (org.apache.hadoop.hive.metastore.api.NoSuchObjectException e) {
                // already gone
            }
        });
    }

    /** Starts describing a table; nothing is sent until {@link TableBuilder#create()}. */
    public TableBuilder table(String database, String name) {
        return new TableBuilder(database, name);
    }

    /**
     * One partition to add: its values in partition-key order ({@code null} for a NULL value) and
     * its location, or {@code null} to let the server place it under the table location.
     */
    public record PartitionSpec(List<String> values, String location) {
        public PartitionSpec {
            values = new ArrayList<>(values); // keeps nulls, unlike List.copyOf
        }

        public static PartitionSpec of(String... values) {
            return new PartitionSpec(java.util.Arrays.asList(values), null);
        }
    }

    /** Adds partitions in batches the embedded Derby can take, copying the table's storage. */
    public void addPartitions(String database, String table, List<PartitionSpec> partitions) {
        Table t = fetchTable(database, table);
        for (int from = 0; from < partitions.size(); from += PARTITION_BATCH) {
            List<Partition> batch = new ArrayList<>();
            for (PartitionSpec spec : partitions.subList(from, Math.min(partitions.size(), from + PARTITION_BATCH))) {
                StorageDescriptor sd = t.getSd().deepCopy();
                sd.setLocation(spec.location());
                List<String> values = new ArrayList<>();
                for (String v : spec.values()) {
                    values.add(v == null ? DEFAULT_PARTITION : v);
                }
                Partition p = new Partition();
                p.setDbName(database);
                p.setTableName(table);
                p.setValues(values);
                p.setSd(sd);
                p.setParameters(new HashMap<>());
                batch.add(p);
            }
            call("add partitions to " + database + "." + table, () -> client.add_partitions(batch));
        }
    }

    /** Sets one parameter of an existing table. */
    public void setTableParameter(String database, String table, String key, String value) {
        setTableParameters(database, table, Map.of(key, value));
    }

    /** Sets several parameters of a table in one change. */
    public void setTableParameters(String database, String table, Map<String, String> parameters) {
        Table t = fetchTable(database, table);
        t.getParameters().putAll(parameters);
        call("alter table " + database + "." + table, () -> client.alter_table(database, table, t));
    }

    /**
     * Stores one partition as a text table, as Hive's {@code ALTER TABLE ... PARTITION (...) SET
     * FILEFORMAT TEXTFILE} does: a partition may be stored otherwise than its table.
     */
    public void storePartitionAsText(String database, String table, List<String> values) {
        storePartition(database, table, values, "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                "org.apache.hadoop.mapred.TextInputFormat", "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");
    }

    /** Stores one partition as Parquet ({@code SET FILEFORMAT PARQUET}), whatever its table's format. */
    public void storePartitionAsParquet(String database, String table, List<String> values) {
        storePartition(database, table, values, "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
    }

    private void storePartition(String database, String table, List<String> values, String serde, String inputFormat,
            String outputFormat) {
        Partition p = call("read partition " + values + " of " + database + "." + table,
                () -> client.get_partition(database, table, values));
        p.getSd().getSerdeInfo().setSerializationLib(serde);
        p.getSd().setInputFormat(inputFormat);
        p.getSd().setOutputFormat(outputFormat);
        call("alter partition " + values + " of " + database + "." + table,
                () -> client.alter_partition(database, table, p));
    }

    private Table fetchTable(String database, String table) {
        return call("read table " + database + "." + table, () -> client.get_table_req(
                new org.apache.hadoop.hive.metastore.api.GetTableRequest(database, table)).getTable());
    }

    /** A table's parameters as the metastore holds them. */
    public Map<String, String> tableParameters(String database, String table) {
        Map<String, String> parameters = fetchTable(database, table).getParameters();
        return parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    /** Whether the metastore has a database of that name. */
    public boolean databaseExists(String name) {
        return call("look up database " + name, () -> {
            try {
                client.get_database(name);
                return true;
            } catch (org.apache.hadoop.hive.metastore.api.NoSuchObjectException e) {
                return false;
            }
        });
    }

    /** Whether the database has a table (or view) of that name. */
    public boolean tableExists(String database, String table) {
        return call("list tables of " + database, () -> client.get_all_tables(database)).contains(table);
    }

    /** The partition names as the server stores them (escaped the Hive way). */
    public List<String> partitionNames(String database, String table) {
        return call("list partitions of " + database + "." + table,
                () -> client.get_partition_names(database, table, (short) -1));
    }

    @Override
    public void close() {
        transport.close();
    }

    /** Describes one table, view or Iceberg table. */
    public final class TableBuilder {
        private final String database;
        private final String name;
        private final List<FieldSchema> columns = new ArrayList<>();
        private final List<FieldSchema> partitionKeys = new ArrayList<>();
        private final Map<String, String> parameters = new HashMap<>();
        private final Map<String, String> serdeParameters = new HashMap<>();
        private String location;
        private String serde = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
        private String inputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
        private String outputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
        private String tableType = "EXTERNAL_TABLE";
        private String viewText;

        private TableBuilder(String database, String name) {
            this.database = database;
            this.name = name;
        }

        public TableBuilder column(String columnName, String hiveType) {
            return column(columnName, hiveType, null);
        }

        public TableBuilder column(String columnName, String hiveType, String comment) {
            columns.add(new FieldSchema(columnName, hiveType, comment));
            return this;
        }

        public TableBuilder partitionKey(String keyName, String hiveType) {
            partitionKeys.add(new FieldSchema(keyName, hiveType, null));
            return this;
        }

        /** The table location ({@code s3://bucket/path}, {@code file:/...}); default: the server's. */
        public TableBuilder location(String tableLocation) {
            this.location = tableLocation;
            return this;
        }

        /** Sets a table parameter; a {@code null} value leaves it out. */
        public TableBuilder parameter(String key, String value) {
            if (value == null) {
                parameters.remove(key);
            } else {
                parameters.put(key, value);
            }
            return this;
        }

        public TableBuilder serdeParameter(String key, String value) {
            serdeParameters.put(key, value);
            return this;
        }

        /**
         * Registers this table as Spark registers a Parquet data source table whose schema Hive
         * cannot hold: a placeholder column and location, a SequenceFile SerDe, the real location
         * in the SerDe's {@code path}, and the schema ({@code schemaJson}, Spark's StructType JSON,
         * partition columns included) in the table's properties, split into parts of
         * {@code partLength} characters as Spark splits a long one.
         */
        public TableBuilder sparkOnly(String realLocation, String schemaJson, int partLength) {
            columns.clear();
            column("col", "array<string>", "from deserializer");
            location(realLocation + "-__PLACEHOLDER__");
            serdeParameter("path", realLocation);
            parameter("spark.sql.sources.provider", "parquet");
            int parts = (schemaJson.length() + partLength - 1) / partLength;
            parameter("spark.sql.sources.schema.numParts", Integer.toString(parts));
            for (int i = 0; i < parts; i++) {
                parameter("spark.sql.sources.schema.part." + i,
                        schemaJson.substring(i * partLength, Math.min(schemaJson.length(), (i + 1) * partLength)));
            }
            for (int i = 0; i < partitionKeys.size(); i++) {
                parameter("spark.sql.sources.schema.partCol." + i, partitionKeys.get(i).getName());
            }
            parameter("spark.sql.sources.schema.numPartCols", Integer.toString(partitionKeys.size()));
            return storage("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", "org.apache.hadoop.mapred.SequenceFileInputFormat",
                    "org.apache.hadoop.hive.ql.io.HiveSequenceFileOutputFormat");
        }

        /** Storage by SerDe and input/output format class names (default: Parquet). */
        public TableBuilder storage(String serdeClass, String inputFormatClass, String outputFormatClass) {
            this.serde = serdeClass;
            this.inputFormat = inputFormatClass;
            this.outputFormat = outputFormatClass;
            return this;
        }

        public TableBuilder orc() {
            return storage("org.apache.hadoop.hive.ql.io.orc.OrcSerde", "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
                    "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat");
        }

        public TableBuilder text() {
            return storage("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", "org.apache.hadoop.mapred.TextInputFormat",
                    "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");
        }

        public TableBuilder managed() {
            this.tableType = "MANAGED_TABLE";
            return this;
        }

        /**
         * A Hive transactional table (insert-only, as Hive makes them for Parquet): managed, and
         * created as a client that says it can write them, which the metastore requires.
         */
        public TableBuilder transactional() {
            parameters.put("transactional", "true");
            parameters.put("transactional_properties", "insert_only");
            return managed();
        }

        /** Makes this a view over the given query. */
        public TableBuilder view(String query) {
            this.tableType = "VIRTUAL_VIEW";
            this.viewText = query;
            return this;
        }

        /** Marks this an Iceberg table the way Iceberg's Hive catalog does. */
        public TableBuilder iceberg() {
            parameters.put("table_type", "ICEBERG");
            parameters.put("metadata_location", "s3://warehouse/" + name + "/metadata/00000.metadata.json");
            return storage("org.apache.iceberg.mr.hive.HiveIcebergSerDe", "org.apache.iceberg.mr.hive.HiveIcebergInputFormat",
                    "org.apache.iceberg.mr.hive.HiveIcebergOutputFormat");
        }

        public void create() {
            StorageDescriptor sd = new StorageDescriptor();
            sd.setCols(columns);
            sd.setLocation(viewText == null ? location : null);
            sd.setInputFormat(viewText == null ? inputFormat : null);
            sd.setOutputFormat(viewText == null ? outputFormat : null);
            SerDeInfo serdeInfo = new SerDeInfo();
            serdeInfo.setSerializationLib(viewText == null ? serde : null);
            serdeInfo.setParameters(new HashMap<>(serdeParameters));
            sd.setSerdeInfo(serdeInfo);
            sd.setBucketCols(new ArrayList<>());
            sd.setSortCols(new ArrayList<>());
            sd.setParameters(new HashMap<>());
            Table t = new Table();
            t.setDbName(database);
            t.setTableName(name);
            t.setOwner("tableload");
            t.setSd(sd);
            t.setPartitionKeys(partitionKeys);
            Map<String, String> params = new HashMap<>(parameters);
            if ("EXTERNAL_TABLE".equals(tableType)) {
                params.put("EXTERNAL", "TRUE");
            }
            t.setParameters(params);
            t.setTableType(tableType);
            if (viewText != null) {
                t.setViewOriginalText(viewText);
                t.setViewExpandedText(viewText);
            }
            if ("true".equals(parameters.get("transactional"))) {
                CreateTableRequest request = new CreateTableRequest(t);
                request.setProcessorCapabilities(List.of("HIVEMANAGEDINSERTWRITE", "HIVEFULLACIDWRITE"));
                request.setProcessorIdentifier("tableload-test-data");
                call("create table " + database + "." + name, () -> client.create_table_req(request));
            } else {
                call("create table " + database + "." + name, () -> client.create_table(t));
            }
        }
    }

    private interface ThriftCall<T> {
        T call() throws TException;
    }

    private interface ThriftAction {
        void run() throws TException;
    }

    private <T> T call(String what, ThriftCall<T> action) {
        try {
            return action.call();
        } catch (TException e) {
            throw new IllegalStateException("cannot " + what + ": " + e, e);
        }
    }

    private void call(String what, ThriftAction action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }
}
