package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import io.tableload.catalog.MetastoreSettings;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.TableRef;
import io.tableload.s3.Destination;
import io.tableload.s3.PutOptions;
import io.tableload.s3.S3Credentials;
import io.tableload.s3.S3Session;
import io.tableload.s3.S3Settings;
import io.tableload.sandbox.Directories;
import io.tableload.sandbox.hms.HiveMetastoreExtension;
import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many loads in one JVM, each the way a training step would do it: open a loader, plan, load,
 * read, close. Threads, open file descriptors and heap must level off, not grow with the count.
 * A leak of one thread or descriptor per load would show as 80 more (180 at 200 loads); the
 * margins only absorb the sandbox servers' own pools breathing. Tagged {@code soak}; it runs in
 * {@code mvn verify}, and {@code -DexcludedGroups=soak} skips it.
 */
@Tag("soak")
@ExtendWith({S3ServerExtension.class, HiveMetastoreExtension.class})
class RepeatedLoadSoakTest {
    private static final String DB = "loader_soak";
    /**
     * 200 by default (about 40 s on a quiet 2-core machine, two minutes on a busy one);
     * {@code -Dtableload.soak.loads=N} changes it, {@code -DexcludedGroups=soak} skips it.
     */
    private static final int LOADS = Integer.getInteger("tableload.soak.loads", 200);
    private static final int WARM_UP = 20;

    @TempDir Path scratch;

    @Test
    void manyLoadsLeaveThreadsFileDescriptorsAndHeapWhereTheyWereAfterTwenty(S3Server s3, HiveMetastoreSandbox hms)
            throws IOException {
        S3Settings s3Settings = S3Settings.defaults().withEndpoint(s3.endpoint()).withRegion(s3.region())
                .withPathStyle(true).withCredentials(S3Credentials.of(s3.accessKey(), s3.secretKey()))
                .withMaxConcurrency(8);
        MetastoreSettings metastore = MetastoreSettings.of(List.of(URI.create(hms.uri())));
        createTable(s3, hms, s3Settings);
        TableRef ref = TableRef.parse(DB + ".events");
        PartitionFilter filter = PartitionFilter.parse("country=FI");
        Path kept = scratch.resolve("kept");

        Usage afterWarmUp = null;
        for (int i = 1; i <= LOADS; i++) {
            // Alternate the two ways of loading, and query through DuckDB now and then.
            LoadOptions options = i % 2 == 0 ? LoadOptions.into(kept) : LoadOptions.temporary();
            try (TableLoader loader = TableLoader.open(metastore, s3Settings);
                    LoadedTable table = loader.load(loader.plan(ref, filter), options)) {
                assertThat(table.files()).hasSize(2);
                if (i % 10 == 0) {
                    assertThat(table.query("select count(*) from events").rows()).containsExactly(List.of(300L));
                } else {
                    assertThat(count(table)).isEqualTo(300);
                }
            }
            if (i == WARM_UP) {
                afterWarmUp = Usage.now();
            }
        }
        Usage atEnd = Usage.now();

        assertThat(atEnd.threads()).as("threads after %d loads vs after %d", LOADS, WARM_UP)
                .isLessThanOrEqualTo(afterWarmUp.threads() + 8);
        assertThat(atEnd.openFiles()).as("open file descriptors after %d loads vs after %d", LOADS, WARM_UP)
                .isLessThanOrEqualTo(afterWarmUp.openFiles() + 10);
        assertThat(atEnd.heapBytes()).as("heap after GC after %d loads vs after %d", LOADS, WARM_UP)
                .isLessThanOrEqualTo(afterWarmUp.heapBytes() + 32L * 1024 * 1024);
        assertThat(temporaryDirectoriesLeft()).as("temporary directories of closed loads").isEmpty();
    }

    private static long count(LoadedTable table) {
        long rows = 0;
        try (CloseableIterator<GenericRecord> records = table.records()) {
            for (Iterator<GenericRecord> it = records; it.hasNext(); it.next()) {
                rows++;
            }
        }
        return rows;
    }

    /** What the JVM holds: live threads, open file descriptors, heap in use after a full GC. */
    private record Usage(int threads, long openFiles, long heapBytes) {
        static Usage now() {
            System.gc();
            System.gc();
            Runtime rt = Runtime.getRuntime();
            long heap = rt.totalMemory() - rt.freeMemory();
            long fds = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getOpenFileDescriptorCount();
            return new Usage(ManagementFactory.getThreadMXBean().getThreadCount(), fds, heap);
        }
    }

    private static List<Path> temporaryDirectoriesLeft() throws IOException {
        List<Path> left = new java.util.ArrayList<>();
        for (Path parent : List.of(Path.of("/dev/shm"), Path.of(System.getProperty("java.io.tmpdir")))) {
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(parent)) {
                entries.filter(p -> p.getFileName().toString().startsWith("tableload-" + DB + ".events-")).forEach(left::add);
            }
        }
        return left;
    }

    private static void createTable(S3Server s3, HiveMetastoreSandbox hms, S3Settings settings) throws IOException {
        String location = "s3://" + s3.createUniqueBucket("soak") + "/events";
        Path local = Files.createTempDirectory("soak-data");
        List<GenericRecord> rows = ParquetFiles.rows(ParquetFiles.V1, 0, 300);
        ParquetFiles.write(local.resolve("a.parquet"), ParquetFiles.V1, rows.subList(0, 200), CompressionCodecName.SNAPPY);
        ParquetFiles.write(local.resolve("b.parquet"), ParquetFiles.V1, rows.subList(200, 300), CompressionCodecName.SNAPPY);
        try (S3Session session = S3Session.open(settings, new Destination.Memory())) {
            session.put(location + "/country=FI/part-0.parquet", local.resolve("a.parquet"), PutOptions.defaults());
            session.put(location + "/country=FI/part-1.parquet", local.resolve("b.parquet"), PutOptions.defaults());
        } finally {
            Directories.deleteRecursively(local);
        }
        try (HiveTestData data = HiveTestData.connect(hms.uri())) {
            data.createDatabase(DB);
            data.table(DB, "events").column("id", "bigint").column("amount", "decimal(12,2)")
                    .column("at", "timestamp").column("discount", "string").column("tags", "array<string>")
                    .partitionKey("country", "string").location(location).create();
            data.addPartitions(DB, "events", List.of(
                    new HiveTestData.PartitionSpec(List.of("FI"), location + "/country=FI")));
        }
    }
}
