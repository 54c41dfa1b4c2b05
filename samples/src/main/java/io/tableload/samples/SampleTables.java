package io.tableload.samples;

import io.tableload.s3.BatchResult;
import io.tableload.s3.Destination;
import io.tableload.s3.PutOptions;
import io.tableload.s3.PutResult;
import io.tableload.s3.S3Session;
import io.tableload.sandbox.Directories;
import io.tableload.sandbox.hms.HiveTestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the sample tables in a local stack: {@code sales} (partitioned by {@code country}
 * string and {@code dt} date), {@code products} (unpartitioned) and {@code sales_by_year}
 * (partitioned by an integer {@code year}), as external Parquet tables in the {@code default}
 * database, their files in the bucket {@value #BUCKET}; and {@code sales_iceberg}, the sales files
 * again as an Iceberg table.
 */
public final class SampleTables {
    public static final String BUCKET = "warehouse";
    public static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);

    private SampleTables() {}

    /** What {@link #install} created. */
    public record Installed(int partitions, long bytes, double seconds) {}

    /** Whether the sample tables are there already (a kept sandbox). */
    public static boolean installed(LocalStack stack) {
        try (HiveTestData data = HiveTestData.connect(stack.metastoreUri())) {
            return data.tableExists("default", "sales");
        }
    }

    /**
     * Generates about {@code bytes} of sales data over {@code days} days, uploads it and registers
     * the tables and their partitions.
     */
    public static Installed install(LocalStack stack, long bytes, int days, long seed) {
        long start = System.nanoTime();
        Path work;
        try {
            work = Files.createTempDirectory("tableload-samples");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            stack.s3().createBucket(BUCKET);
            List<SalesGenerator.GeneratedPartition> sales =
                    new SalesGenerator(seed, FIRST_DAY, days).write(work.resolve("sales"), bytes);
            List<SalesGenerator.GeneratedPartition> products =
                    new SalesGenerator(seed + 1, FIRST_DAY, 1).write(work.resolve("products"), 256 * 1024);
            upload(stack, work);
            String location = "s3://" + BUCKET + "/sales";
            try (HiveTestData data = HiveTestData.connect(stack.metastoreUri())) {
                register(data, "sales", location).partitionKey("country", "string").partitionKey("dt", "date").create();
                List<HiveTestData.PartitionSpec> specs = new ArrayList<>();
                for (SalesGenerator.GeneratedPartition p : sales) {
                    specs.add(new HiveTestData.PartitionSpec(List.of(p.country(), p.dt().toString()), location + "/" + p.path()));
                }
                data.addPartitions("default", "sales", specs);

                // One file of rows, as an unpartitioned table.
                register(data, "products", "s3://" + BUCKET + "/products/" + products.get(0).path()).create();

                // The same kind of rows keyed by an integer year, so integer partition filters have a table.
                register(data, "sales_by_year", "s3://" + BUCKET + "/sales").partitionKey("year", "int").create();
                data.addPartitions("default", "sales_by_year", List.of(
                        new HiveTestData.PartitionSpec(List.of("2024"), location + "/" + sales.get(0).path())));

                IcebergSampleTable.install(stack.s3(), data, sales, work.resolve("sales"), location);
            }
            return new Installed(sales.size(), bytes, (System.nanoTime() - start) / 1e9);
        } finally {
            Directories.deleteRecursively(work);
        }
    }

    private static HiveTestData.TableBuilder register(HiveTestData data, String table, String location) {
        HiveTestData.TableBuilder builder = data.table("default", table).location(location);
        for (String[] column : SalesSchema.HIVE_COLUMNS) {
            builder.column(column[0], column[1]);
        }
        return builder;
    }

    private static void upload(LocalStack stack, Path work) {
        try (S3Session s3 = S3Session.open(stack.s3Settings(), new Destination.Memory())) {
            BatchResult<PutResult> result = s3.putFiles(work, "s3://" + BUCKET + "/", PutOptions.defaults());
            if (!result.allSucceeded()) {
                throw result.failures().get(0).error().orElseThrow();
            }
        }
    }
}
