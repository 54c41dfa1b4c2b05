package io.tableload.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.TableRef;
import io.tableload.load.LoadPlan;
import io.tableload.load.LoadedTable;
import io.tableload.load.PlannedFile;
import io.tableload.load.TableLoader;
import io.tableload.s3.Destination;
import io.tableload.s3.GetOptions;
import io.tableload.s3.S3Object;
import io.tableload.s3.S3Session;
import io.tableload.sandbox.hms.HiveTestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark tables, scaled down, in a real local stack with a filesystem store. */
class BenchTablesTest {
    private static final double SCALE = 0.002;

    @TempDir static Path dir;
    private static LocalStack stack;
    private static Map<String, BenchTables.Built> built;
    private static String progress;

    @BeforeAll
    static void install() throws IOException {
        stack = LocalStack.startPersistent(dir, freePort(), freePort());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        built = BenchTables.install(stack, SCALE, new PrintStream(out, true, StandardCharsets.UTF_8)).stream()
                .collect(Collectors.toMap(BenchTables.Built::table, Function.identity()));
        progress = out.toString(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyTableHasItsPartitionsAndFilesAtTheScale() {
        // 1,000 files and 400 days shrink with the scale; the other counts stay.
        assertThat(built.get("events_8")).extracting(BenchTables.Built::partitions, BenchTables.Built::files).containsExactly(3, 10);
        assertThat(built.get("events_1000")).extracting(BenchTables.Built::partitions, BenchTables.Built::files).containsExactly(3, 4);
        assertThat(built.get("events_20k")).extracting(BenchTables.Built::partitions, BenchTables.Built::files).containsExactly(50, 50);
        assertThat(built.get("sales_30")).extracting(BenchTables.Built::partitions, BenchTables.Built::files).containsExactly(30, 60);
        try (HiveTestData data = HiveTestData.connect(stack.metastoreUri())) {
            assertThat(data.partitionNames("bench", "events_20k")).hasSize(50).contains("country=FI/dt=2024-01-01");
            assertThat(data.partitionNames("bench", "sales_30")).hasSize(30).contains("country=SE", "country=US", "country=DE");
            assertThat(data.partitionNames("bench", "events_8")).containsExactlyInAnyOrder("dt=2024-01-01", "dt=2024-01-02", "dt=2024-01-03");
        }
        assertThat(BenchTables.installed(stack)).isTrue();
        assertThat(progress).contains("bench.events_20k: 50 partitions, 50 files");
    }

    @Test
    void theFilesWrittenIntoTheStoreAreListedThroughS3WithTheirSizes() {
        try (TableLoader loader = TableLoader.open(stack.metastoreSettings(), stack.s3Settings())) {
            LoadPlan plan = loader.plan(TableRef.parse("bench.sales_30"), PartitionFilter.all());
            assertThat(plan.files()).hasSize(60);
            assertThat(plan.files().stream().mapToLong(PlannedFile::size).sum()).isEqualTo(built.get("sales_30").bytes());
            assertThat(plan.files()).allSatisfy(f -> assertThat(f.relativePath()).matches("country=[A-Z]{2}/part-0000[01]\\.parquet"));
        }
    }

    @Test
    void theFilesWrittenIntoTheStoreAreServedWithTheirMd5AsETag() throws Exception {
        Path file = dir.resolve("s3/bench/events_8/dt=2024-01-03/part-00000.parquet");
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
        try (S3Session s3 = S3Session.open(stack.s3Settings(), new Destination.Memory())) {
            S3Object info = s3.info("s3://bench/events_8/dt=2024-01-03/part-00000.parquet", GetOptions.defaults());
            assertThat(info.etag()).hasValueSatisfying(etag -> assertThat(etag.replace("\"", "")).isEqualTo(md5));
        }
    }

    @Test
    void loadingOnePartitionReturnsTheRowsWrittenForIt() throws SQLException {
        long written = count(dir.resolve("s3/bench/events_8/dt=2024-01-03/*.parquet"));
        try (TableLoader loader = TableLoader.open(stack.metastoreSettings(), stack.s3Settings());
             LoadedTable table = loader.load(TableRef.parse("bench.events_8"), PartitionFilter.parse("dt=2024-01-03"))) {
            List<Object> row = table.query("SELECT count(*), min(dt)::VARCHAR, max(dt)::VARCHAR, count(DISTINCT id),"
                    + " min(ts) >= TIMESTAMP '2024-01-03', max(ts) < TIMESTAMP '2024-01-04' FROM events_8").rows().get(0);
            assertThat(written).isPositive();
            assertThat(row).containsExactly(written, "2024-01-03", "2024-01-03", written, true, true);
        }
    }

    @Test
    void oneCategoryOfTwentySelectsAboutFivePercentOfTheRows() {
        try (TableLoader loader = TableLoader.open(stack.metastoreSettings(), stack.s3Settings());
             LoadedTable table = loader.load(TableRef.parse("bench.events_8"), PartitionFilter.parse("dt=2024-01-01"))) {
            List<Object> row = table.query("SELECT count(*) FILTER (WHERE category = 'c07'), count(*),"
                    + " count(DISTINCT category), min(category), max(category) FROM events_8").rows().get(0);
            double share = ((Number) row.get(0)).doubleValue() / ((Number) row.get(1)).doubleValue();
            assertThat(share).isCloseTo(0.05, within(0.01));
            assertThat(row.subList(2, 5)).containsExactly(20L, "c00", "c19");
        }
    }

    @Test
    void theParquetTypesAreTheOnesTheHiveColumnsPromise() throws SQLException {
        String file = dir.resolve("s3/bench/events_8/dt=2024-01-02/part-00000.parquet").toString();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, type, coalesce(logical_type, converted_type, '')"
                     + " FROM parquet_schema('" + file + "') WHERE name <> 'duckdb_schema'")) {
            StringBuilder types = new StringBuilder();
            while (rs.next()) {
                types.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getString(3)).append('\n');
            }
            assertThat(types.toString()).contains("id INT64", "ts INT64 TimestampType(isAdjustedToUTC=0", "MICROS=MicroSeconds()",
                    "user_id INT64", "category BYTE_ARRAY", "amount INT64 DecimalType(scale=2, precision=12)",
                    "score DOUBLE", "payload BYTE_ARRAY");
        }
    }

    @Test
    void thePayloadKeepsTheFilesFromCompressingToNothing() {
        BenchTables.Built events = built.get("events_8");
        // Eight files of 128 MiB * scale and two of 8 MiB * scale.
        long planned = Math.round((8 * 128 + 2 * 8) * 1024 * 1024 * SCALE);
        assertThat((double) events.bytes()).isCloseTo(planned, within(planned * 0.1));
        assertThat(events.bytes() / events.rows()).isGreaterThan(250);
    }

    private static long count(Path glob) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + glob + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
