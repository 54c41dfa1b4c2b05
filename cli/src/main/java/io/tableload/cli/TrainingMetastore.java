package io.tableload.cli;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.GetTableResult;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.SkewedInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TSimpleServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TTransportException;

/**
 * Just enough of a Hive Metastore for {@link CdsTraining}'s table load: one Parquet table,
 * {@code training.t}, partitioned by {@code p}, with one partition {@code p=1} under
 * {@code s3://BUCKET/t/p=1/}. The metastore's Thrift classes are many and large; with them in
 * the class-data sharing archive, a table load's lookup starts sooner.
 */
final class TrainingMetastore implements AutoCloseable {
    private final TServerSocket socket;
    private final TServer server;
    private final Thread thread;

    TrainingMetastore(String bucket) throws TTransportException {
        socket = new TServerSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ThriftHiveMetastore.Iface handler = (ThriftHiveMetastore.Iface) Proxy.newProxyInstance(
                ThriftHiveMetastore.Iface.class.getClassLoader(), new Class<?>[] {ThriftHiveMetastore.Iface.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "get_table_req" -> new GetTableResult(table(bucket));
                    case "get_partitions_by_filter_req", "get_partitions_by_filter" -> List.of(partition(bucket));
                    default -> throw new MetaException(method.getName() + " is not part of the training run");
                });
        server = new TSimpleServer(new TServer.Args(socket).processor(new ThriftHiveMetastore.Processor<>(handler)));
        thread = new Thread(server::serve, "training-metastore");
        thread.setDaemon(true);
        thread.start();
    }

    String uri() {
        return "thrift://127.0.0.1:" + socket.getServerSocket().getLocalPort();
    }

    private static Table table(String bucket) {
        Table t = new Table();
        t.setDbName("training");
        t.setTableName("t");
        t.setTableType("EXTERNAL_TABLE");
        t.setSd(storage("s3://" + bucket + "/t"));
        t.setPartitionKeys(List.of(new FieldSchema("p", "string", null)));
        t.setParameters(Map.of());
        return t;
    }

    private static Partition partition(String bucket) {
        Partition p = new Partition();
        p.setDbName("training");
        p.setTableName("t");
        p.setValues(List.of("1"));
        p.setSd(storage("s3://" + bucket + "/t/p=1"));
        p.setParameters(Map.of());
        return p;
    }

    private static StorageDescriptor storage(String location) {
        StorageDescriptor sd = new StorageDescriptor();
        sd.setCols(List.of(new FieldSchema("id", "bigint", null)));
        sd.setLocation(location);
        sd.setInputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
        sd.setOutputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
        // What a real metastore sends along, so that decoding it is part of the training too.
        sd.setNumBuckets(-1);
        sd.setBucketCols(List.of());
        sd.setSortCols(List.of());
        sd.setParameters(Map.of());
        sd.setSkewedInfo(new SkewedInfo(List.of(), List.of(), Map.of()));
        sd.setStoredAsSubDirectories(false);
        sd.setSerdeInfo(new SerDeInfo(null, "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", Map.of()));
        return sd;
    }

    @Override
    public void close() {
        server.stop();
        socket.close();
    }
}
