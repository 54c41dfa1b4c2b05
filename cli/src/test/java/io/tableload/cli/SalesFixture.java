package io.tableload.cli;

import io.tableload.s3.Destination;
import io.tableload.s3.PutOptions;
import io.tableload.s3.S3Credentials;
import io.tableload.s3.S3Session;
import io.tableload.s3.S3Settings;
import io.tableload.sandbox.Directories;
import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.s3.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * A small {@code sales} table in the sandbox: Parquet files in S3 under country/dt partitions,
 * registered in the metastore. Rows have ids {@code base..base+rows-1} per file.
 */
final class SalesFixture {
    static final Schema ROW = SchemaBuilder.record("row").fields().requiredLong("id").requiredString("product").endRecord();
    /** country, dt, first id, rows: three partitions, four files. */
    static final List<Object[]> FILES = List.of(
            new Object[] {"FI", "2024-01-01", 0L, 100},
            new Object[] {"FI", "2024-01-02", 1000L, 50},
            new Object[] {"FI", "2024-01-02", 2000L, 70},
            new Object[] {"SE", "2024-01-01", 3000L, 30});

    private SalesFixture() {}

    static void create(S3Server s3, HiveMetastoreSandbox hms, String database, String bucket) throws IOException {
        create(s3, hms, database, bucket, SalesFixture::write);
    }

    /**
     * The same table with its files written as Impala writes them: {@code product}, a Hive
     * {@code string}, stored as a bare BINARY, without the UTF8 annotation.
     */
    static void createImpalaStored(S3Server s3, HiveMetastoreSandbox hms, String database, String bucket)
            throws IOException {
        create(s3, hms, database, bucket, SalesFixture::writeAsImpala);
    }

    /** Writes one data file: {@code rows} rows from id {@code firstId}. */
    private interface FileWriter {
        void write(Path file, long firstId, int rows) throws IOException;
    }

    private static void create(S3Server s3, HiveMetastoreSandbox hms, String database, String bucket, FileWriter writer)
            throws IOException {
        S3Settings settings = S3Settings.defaults().withEndpoint(s3.endpoint()).withRegion(s3.region()).withPathStyle(true)
                .withCredentials(S3Credentials.of(s3.accessKey(), s3.secretKey()));
        String location = "s3://" + bucket + "/sales";
        Path tmp = Files.createTempDirectory("sales-fixture");
        try (S3Session session = S3Session.open(settings, new Destination.Memory())) {
            int n = 0;
            for (Object[] f : FILES) {
                Path file = tmp.resolve("f" + n + ".parquet");
                writer.write(file, (Long) f[2], (Integer) f[3]);
                session.put(location + "/country=" + f[0] + "/dt=" + f[1] + "/part-" + n++ + ".parquet", file, PutOptions.defaults());
            }
        } finally {
            Directories.deleteRecursively(tmp);
        }
        try (HiveTestData data = HiveTestData.connect(hms.uri())) {
            data.createDatabase(database);
            data.table(database, "sales").column("id", "bigint").column("product", "string")
                    .partitionKey("country", "string").partitionKey("dt", "date").location(location).create();
            data.addPartitions(database, "sales", List.of(
                    new HiveTestData.PartitionSpec(List.of("FI", "2024-01-01"), location + "/country=FI/dt=2024-01-01"),
                    new HiveTestData.PartitionSpec(List.of("FI", "2024-01-02"), location + "/country=FI/dt=2024-01-02"),
                    new HiveTestData.PartitionSpec(List.of("SE", "2024-01-01"), location + "/country=SE/dt=2024-01-01")));
        }
    }

    private static void write(Path file, long firstId, int rows) throws IOException {
        try (ParquetWriter<GenericRecord> w = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration()).withSchema(ROW).build()) {
            for (int i = 0; i < rows; i++) {
                GenericData.Record r = new GenericData.Record(ROW);
                r.put("id", firstId + i);
                r.put("product", product(i));
                w.write(r);
            }
        }
    }

    private static void writeAsImpala(Path file, long firstId, int rows) throws IOException {
        MessageType impala = MessageTypeParser.parseMessageType(
                "message schema { optional int64 id; optional binary product; }");
        SimpleGroupFactory groups = new SimpleGroupFactory(impala);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration()).withType(impala).build()) {
            for (int i = 0; i < rows; i++) {
                w.write(groups.newGroup().append("id", firstId + i).append("product", product(i)));
            }
        }
    }

    private static String product(int row) {
        return row % 2 == 0 ? "kettle" : "lamp";
    }
}
