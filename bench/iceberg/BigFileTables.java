import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.iceberg.IcebergTables;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.types.Types;

/**
 * One large Parquet file (ROWS rows of a bigint, a double and a 32-character string, written by
 * DuckDB to FILE), on the sandbox's S3 at URL once it is uploaded, adopted by three Iceberg tables
 * in the sandbox metastore: big_plain as it is, big_deleted with a position delete file deleting
 * every 100th row, and big_renamed with its column x renamed to score (its name mapping says
 * which column is which, as the file has no field ids). Run it twice: {@code write FILE ROWS},
 * then, after the upload, {@code register URL FILE ROWS} with the sandbox's settings in the
 * environment. A fourth table, big_sorted, holds as many rows (ids in order) written by
 * Iceberg's own writer in {@link #SORTED_FILES} appends, so that its manifests keep each file's
 * column bounds.
 */
public class BigFileTables {
    /** The files of big_sorted: one append each, their ids one range after the other. */
    static final int SORTED_FILES = 20;

    public static void main(String[] args) throws Exception {
        if (args[0].equals("write")) {
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
                s.execute("COPY (SELECT range AS id, random() AS x, md5(range::VARCHAR) AS s FROM range(" + args[2]
                        + ")) TO '" + args[1] + "' (FORMAT parquet, COMPRESSION zstd)");
            }
            return;
        }
        String url = args[1];
        long size = Files.size(Path.of(args[2]));
        long rows = Long.parseLong(args[3]);
        Schema schema = new Schema(Types.NestedField.optional(1, "id", Types.LongType.get()),
                Types.NestedField.optional(2, "x", Types.DoubleType.get()),
                Types.NestedField.optional(3, "s", Types.StringType.get()));
        String bucket = url.substring("s3://".length(), url.indexOf('/', "s3://".length()));
        try (HiveTestData metastore = HiveTestData.connect(System.getenv("TABLELOAD_METASTORE"));
             IcebergTables iceberg = new IcebergTables(metastore, URI.create(System.getenv("AWS_ENDPOINT_URL_S3")),
                     System.getenv("AWS_REGION"), System.getenv("AWS_ACCESS_KEY_ID"),
                     System.getenv("AWS_SECRET_ACCESS_KEY"))) {
            for (String name : List.of("big_plain", "big_deleted", "big_renamed")) {
                var table = iceberg.create("default", name, "s3://" + bucket + "/" + name, schema,
                        PartitionSpec.unpartitioned());
                if (name.equals("big_renamed")) {
                    table.updateProperties().set(TableProperties.DEFAULT_NAME_MAPPING,
                            NameMappingParser.toJson(MappingUtil.create(schema))).commit();
                }
                DataFile file = iceberg.adopt(table, List.of(new IcebergTables.AdoptedFile(url, "", size, rows))).get(0);
                if (name.equals("big_deleted")) {
                    iceberg.deleteRows(table, file, LongStream.range(0, rows).filter(r -> r % 100 == 0).toArray());
                }
                if (name.equals("big_renamed")) {
                    table.updateSchema().renameColumn("x", "score").commit();
                }
            }
            var sorted = iceberg.create("default", "big_sorted", "s3://" + bucket + "/big_sorted", schema,
                    PartitionSpec.unpartitioned());
            Random random = new Random(42);
            long perFile = rows / SORTED_FILES;
            for (int f = 0; f < SORTED_FILES; f++) {
                List<Record> records = new ArrayList<>();
                for (long id = f * perFile; id < (f + 1) * perFile; id++) {
                    Record r = GenericRecord.create(schema);
                    r.setField("id", id);
                    r.setField("x", random.nextDouble());
                    r.setField("s", Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
                    records.add(r);
                }
                iceberg.append(sorted, records);
            }
        }
    }
}
