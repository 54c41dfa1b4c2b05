import io.tableload.catalog.MetastoreSettings;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.TableRef;
import io.tableload.load.CloseableIterator;
import io.tableload.load.LoadedTable;
import io.tableload.load.RecordOptions;
import io.tableload.load.TableLoader;
import io.tableload.s3.S3Settings;
import java.net.URI;
import org.apache.avro.generic.GenericRecord;

/**
 * The compare suite's Java API client: what a training step does in-process. Loads a table's
 * partitions with {@link TableLoader} and streams every row as an Avro record, then prints the
 * row count. With {@code --any-order}, rows come as they are decoded ({@link RecordOptions#inAnyOrder()})
 * rather than file after file in plan order; with {@code --columns A,B}, records hold only those
 * columns ({@link RecordOptions#withColumns}).
 *
 * <pre>java -cp tableload.jar:CLASSES StreamRecords [--any-order] [--columns A,B] DB.TABLE SPEC [SPEC...]</pre>
 *
 * The metastore comes from TABLELOAD_METASTORE; endpoint, region and credentials from the AWS
 * environment variables, as for the command line. Path-style addressing.
 */
public final class StreamRecords {
    public static void main(String[] arguments) {
        RecordOptions options = RecordOptions.defaults();
        int first = 0;
        for (; first < arguments.length && arguments[first].startsWith("--"); first++) {
            if (arguments[first].equals("--any-order")) {
                options = options.inAnyOrder();
            } else if (arguments[first].equals("--columns")) {
                options = options.withColumns(arguments[++first].split(","));
            } else {
                throw new IllegalArgumentException("unknown option " + arguments[first]);
            }
        }
        String[] args = java.util.Arrays.copyOfRange(arguments, first, arguments.length);
        TableRef table = TableRef.parse(args[0]);
        PartitionFilter filter = PartitionFilter.parse(java.util.Arrays.copyOfRange(args, 1, args.length));
        S3Settings s3 = S3Settings.defaults().withPathStyle(true)
                .withEndpoint(URI.create(System.getenv("AWS_ENDPOINT_URL_S3")));
        long rows = 0;
        try (TableLoader loader = TableLoader.open(MetastoreSettings.fromEnvironment(), s3);
             LoadedTable loaded = loader.load(table, filter);
             CloseableIterator<GenericRecord> records = loaded.records(options)) {
            while (records.hasNext()) {
                records.next();
                rows++;
            }
        }
        System.out.println(rows);
    }
}
