package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.MetastoreSettings;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.TableRef;
import io.tableload.s3.Cancellation;
import io.tableload.s3.Destination;
import io.tableload.s3.PutOptions;
import io.tableload.s3.S3Credentials;
import io.tableload.s3.S3Session;
import io.tableload.s3.S3Settings;
import io.tableload.sandbox.Directories;
import io.tableload.sandbox.hms.HiveMetastoreExtension;
import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.s3.Fault;
import io.tableload.sandbox.s3.FaultProxy;
import io.tableload.sandbox.s3.FaultRule;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Loads real tables: Parquet files in the sandbox S3 server, described by the sandbox metastore. */
@ExtendWith({S3ServerExtension.class, HiveMetastoreExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableLoaderTest {
    private static final String DB = "loader_test";

    @TempDir Path scratch;
    private S3Settings s3Settings;
    private MetastoreSettings metastore;
    private TableLoader loader;
    private List<GenericRecord> fiRows;
    private List<GenericRecord> seRows;
    private String bucket;

    @BeforeAll
    void createTables(S3Server s3, HiveMetastoreSandbox hms) throws IOException {
        bucket = s3.createUniqueBucket("loader");
        s3Settings = S3Settings.defaults().withEndpoint(s3.endpoint()).withRegion(s3.region()).withPathStyle(true)
                .withCredentials(S3Credentials.of(s3.accessKey(), s3.secretKey()));
        metastore = MetastoreSettings.of(List.of(URI.create(hms.uri())));

        fiRows = ParquetFiles.rows(ParquetFiles.V1, 0, 4000);
        seRows = ParquetFiles.rows(ParquetFiles.V2, 100_000, 1500);
        Path local = Files.createTempDirectory("loader-data");
        ParquetFiles.write(local.resolve("fi-0.parquet"), ParquetFiles.V1, fiRows.subList(0, 2500), CompressionCodecName.SNAPPY);
        ParquetFiles.write(local.resolve("fi-1.parquet"), ParquetFiles.V1, fiRows.subList(2500, 4000), CompressionCodecName.ZSTD);
        ParquetFiles.write(local.resolve("se-0.parquet"), ParquetFiles.V2, seRows, CompressionCodecName.ZSTD);
        String table = "s3://" + bucket + "/warehouse/sales";
        String outside = "s3://" + bucket + "/elsewhere/se-partition";
        try (S3Session session = S3Session.open(s3Settings, new Destination.Memory())) {
            PutOptions put = PutOptions.defaults();
            session.put(table + "/country=FI/dt=2024-01-01/part-0.parquet", local.resolve("fi-0.parquet"), put);
            session.put(table + "/country=FI/dt=2024-01-01/part-1.parquet", local.resolve("fi-1.parquet"), put);
            session.put(table + "/country=FI/dt=2024-01-01/_SUCCESS", new byte[0], put);
            session.put(table + "/country=FI/dt=2024-01-01/.part-0.parquet.crc", "crc", put);
            session.put(table + "/country=FI/dt=2024-01-01/_temporary/0/part-9.parquet", "junk", put);
            session.put(outside + "/part-0.parquet", local.resolve("se-0.parquet"), put);
            session.put(table + "/country=NO/dt=2024-01-03/_SUCCESS", new byte[0], put);
        } finally {
            Directories.deleteRecursively(local);
        }
        try (HiveTestData data = HiveTestData.connect(hms.uri())) {
            data.createDatabase(DB);
            data.table(DB, "sales").column("id", "bigint").column("amount", "decimal(12,2)")
                    .column("at", "timestamp").column("discount", "string").column("tags", "array<string>")
                    .column("channel", "int")
                    .partitionKey("country", "string").partitionKey("dt", "date")
                    .location(table).create();
            // The FI files again, under partitions keyed by a decimal and a timestamp.
            data.table(DB, "sales_priced").column("id", "bigint").partitionKey("price", "decimal(5,2)")
                    .partitionKey("ts", "timestamp").location(table).create();
            data.addPartitions(DB, "sales_priced", List.of(
                    new HiveTestData.PartitionSpec(List.of("9.5", "2024-01-01 10:00:00"), table + "/country=FI/dt=2024-01-01"),
                    new HiveTestData.PartitionSpec(List.of("10.25", "2024-01-02 00:00:00"), table + "/country=FI/dt=2024-01-01"),
                    new HiveTestData.PartitionSpec(List.of("10.5", "2024-01-01 09:00:00"), table + "/country=FI/dt=2024-01-01")));
            // As Spark registers a Parquet table whose schema Hive cannot hold (a struct field named
            // "unit price", say): placeholders where Hive looks, the real ones in its properties.
            String sparkSchema = "{\"type\":\"struct\",\"fields\":["
                    + "{\"name\":\"Id\",\"type\":\"long\",\"nullable\":false,\"metadata\":{}},"
                    + "{\"name\":\"amount\",\"type\":\"decimal(12,2)\",\"nullable\":true,\"metadata\":{}},"
                    + "{\"name\":\"tags\",\"type\":{\"type\":\"array\",\"elementType\":\"string\",\"containsNull\":true},"
                    + "\"nullable\":true,\"metadata\":{}},"
                    + "{\"name\":\"country\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}},"
                    + "{\"name\":\"dt\",\"type\":\"date\",\"nullable\":true,\"metadata\":{}}]}";
            data.table(DB, "sales_spark").partitionKey("country", "string").partitionKey("dt", "date")
                    .sparkOnly(table, sparkSchema, 100).create();
            data.addPartitions(DB, "sales_spark", List.of(
                    new HiveTestData.PartitionSpec(List.of("FI", "2024-01-01"), table + "/country=FI/dt=2024-01-01"),
                    new HiveTestData.PartitionSpec(List.of("SE", "2024-01-02"), outside)));
            data.table(DB, "sales_orc").column("id", "bigint").partitionKey("country", "string").partitionKey("dt", "date")
                    .location(table).orc().create();
            data.addPartitions(DB, "sales_orc", List.of(
                    new HiveTestData.PartitionSpec(List.of("FI", "2024-01-01"), table + "/country=FI/dt=2024-01-01")));
            data.addPartitions(DB, "sales", List.of(
                    new HiveTestData.PartitionSpec(List.of("FI", "2024-01-01"), table + "/country=FI/dt=2024-01-01"),
                    new HiveTestData.PartitionSpec(List.of("SE", "2024-01-02"), outside),
                    new HiveTestData.PartitionSpec(List.of("NO", "2024-01-03"), table + "/country=NO/dt=2024-01-03")));
            data.table(DB, "sales_mixed").column("id", "bigint").partitionKey("country", "string")
                    .partitionKey("dt", "date").location(table).create();
            data.addPartitions(DB, "sales_mixed", List.of(
                    new HiveTestData.PartitionSpec(List.of("FI", "2024-01-01"), table + "/country=FI/dt=2024-01-01"),
                    new HiveTestData.PartitionSpec(List.of("SE", "2024-01-02"), outside)));
            data.storePartitionAsText(DB, "sales_mixed", List.of("SE", "2024-01-02"));
            data.table(DB, "sales_converted").column("id", "bigint").partitionKey("country", "string")
                    .partitionKey("dt", "date").location(table).text().create();
            data.addPartitions(DB, "sales_converted", List.of(
                    new HiveTestData.PartitionSpec(List.of("FI", "2024-01-01"), table + "/country=FI/dt=2024-01-01"),
                    new HiveTestData.PartitionSpec(List.of("SE", "2024-01-02"), outside),
                    new HiveTestData.PartitionSpec(List.of("NO", "2024-01-03"), table + "/country=FI/dt=2024-01-01")));
            data.storePartitionAsParquet(DB, "sales_converted", List.of("FI", "2024-01-01"));
            data.storePartitionAsParquet(DB, "sales_converted", List.of("SE", "2024-01-02"));
        }
        loader = TableLoader.open(metastore, s3Settings);
    }

    @AfterAll
    void closeLoader() {
        if (loader != null) {
            loader.close();
        }
    }

    private static TableRef sales() {
        return TableRef.parse(DB + ".sales");
    }

    @Test
    void loadsOnePartitionLaidOutByPartitionPathSkippingMarkersAndDeletesItOnClose() throws IOException {
        Path directory;
        try (LoadedTable table = loader.load(sales(), PartitionFilter.parse("country=FI"))) {
            directory = table.directory();

            assertThat(table.plan().partitions()).hasSize(1);
            assertThat(table.files()).extracting(f -> directory.relativize(f.path()).toString())
                    .containsExactly("country=FI/dt=2024-01-01/part-0.parquet", "country=FI/dt=2024-01-01/part-1.parquet");
            assertThat(table.files()).allSatisfy(f -> assertThat(f.path()).exists().hasSize(f.size()));
            assertThat(files(directory)).hasSize(2);

            List<GenericRecord> read = new ArrayList<>();
            try (CloseableIterator<GenericRecord> rows = table.records()) {
                rows.forEachRemaining(read::add);
            }
            assertThat(read).hasSize(fiRows.size());
            for (int i = 0; i < read.size(); i++) {
                assertThat(read.get(i).get("id")).isEqualTo(fiRows.get(i).get("id"));
                assertThat(read.get(i).get("amount")).isEqualTo(fiRows.get(i).get("amount"));
                assertThat(read.get(i).get("at")).isEqualTo(fiRows.get(i).get("at"));
                assertThat(read.get(i).get("dt")).isEqualTo(LocalDate.of(2024, 1, 1));
            }
        }
        assertThat(directory).doesNotExist();
    }

    @Test
    void closingTheLoaderEndsALoadRunningInAnotherThreadAndKeepsNothingOfIt(S3Server s3) throws Exception {
        Path dest = scratch.resolve("closed-mid-load");
        try (FaultProxy proxy = FaultProxy.start(s3.endpoint()).trickle(16, Duration.ofMillis(50))) {
            proxy.inject(FaultRule.always(Fault.TRICKLE).onlyPathContaining(".parquet"));
            TableLoader slow = TableLoader.open(metastore, s3Settings.withEndpoint(proxy.endpoint()));
            LoadPlan plan = slow.plan(sales(), PartitionFilter.parse("country=FI"));
            CompletableFuture<LoadedTable> load = CompletableFuture.supplyAsync(() -> slow.load(plan, LoadOptions.into(dest)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (proxy.requests() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10); // both files trickling in
            }

            slow.close();

            assertThatThrownBy(() -> load.get(20, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(TableloadException.class).hasMessageContaining("closed while this was running");
            assertThatThrownBy(() -> slow.plan(sales(), PartitionFilter.all()))
                    .isInstanceOf(TableloadException.class).hasMessageContaining("closed");
        }
        assertThat(dest).satisfiesAnyOf(d -> assertThat(d).doesNotExist(), d -> assertThat(files(d)).isEmpty());
    }

    @Test
    void aPartitionWithAnArchivedFileFailsSayingToRestoreItAndKeepsTheEarlierLoad(S3Server s3) throws Exception {
        Path dest = scratch.resolve("archived");
        loader.load(loader.plan(sales(), PartitionFilter.parse("country=FI")), LoadOptions.into(dest)).close();
        List<Path> before = files(dest);
        try (FaultProxy proxy = FaultProxy.start(s3.endpoint());
                TableLoader archived = TableLoader.open(metastore, s3Settings.withEndpoint(proxy.endpoint()))) {
            proxy.inject(FaultRule.always(Fault.ARCHIVED).onlyMethod("GET").onlyPathContaining("part-1.parquet"));

            assertThatThrownBy(() -> archived.load(archived.plan(sales(), PartitionFilter.parse("country=FI")),
                    LoadOptions.into(dest)))
                    .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED))
                    .hasMessageContaining("country=FI/dt=2024-01-01/part-1.parquet: the object is archived")
                    .hasMessageContaining("restore it");
        }
        assertThat(files(dest)).isEqualTo(before);
    }

    @Test
    void closingTheTableStopsARecordStreamLeftOpenThenDeletesTheFiles() {
        Path directory;
        CloseableIterator<GenericRecord> rows;
        try (LoadedTable table = loader.load(sales(), PartitionFilter.parse("country=FI"))) {
            directory = table.directory();
            rows = table.records(RecordOptions.defaults().withThreads(2));
            assertThat(rows.next().get("id")).isEqualTo(fiRows.get(0).get("id"));
        }

        assertThat(rows.hasNext()).isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("tableload-records-"));
        assertThat(directory).doesNotExist();
    }

    @Test
    void recordsInAnyOrderBringEveryRowOfEveryFile() {
        List<Object> ids = new ArrayList<>();
        try (LoadedTable table = loader.load(sales(), PartitionFilter.parse("country=FI"));
             CloseableIterator<GenericRecord> rows = table.records(RecordOptions.defaults().withThreads(2).inAnyOrder())) {
            rows.forEachRemaining(r -> ids.add(r.get("id")));
        }

        assertThat(ids).containsExactlyInAnyOrderElementsOf(fiRows.stream().map(r -> r.get("id")).toList());
    }

    @Test
    void recordsOfSomeColumnsNameThemAsTheTableDoesAndAnUnknownColumnFailsBeforeAnyRow() {
        try (LoadedTable table = loader.load(sales(), PartitionFilter.parse("country=FI"))) {
            RecordOptions threeColumns = RecordOptions.defaults().withColumns("DT", "Id", "channel");
            try (CloseableIterator<GenericRecord> rows = table.records(threeColumns)) {
                GenericRecord first = rows.next();
                assertThat(first.getSchema().getFields()).extracting(f -> f.name()).containsExactly("dt", "id", "channel");
                assertThat(first.get("id")).isEqualTo(fiRows.get(0).get("id"));
                assertThat(first.get("channel")).isNull();
                assertThat(first.get("dt")).isEqualTo(LocalDate.of(2024, 1, 1));
            }

            assertThatThrownBy(() -> table.records(RecordOptions.defaults().withColumns("id", "ammount")))
                    .isInstanceOf(TableloadException.class)
                    .hasMessageContaining("withColumns names ammount, which " + DB + ".sales does not have")
                    .hasMessageContaining("id, amount, at, discount, tags, channel, country, dt")
                    .extracting(e -> ((TableloadException) e).code()).isEqualTo(ErrorCode.USAGE);
        }
    }

    @Test
    void recordOptionsRefuseANegativeThreadCount() {
        assertThatThrownBy(() -> RecordOptions.defaults().withThreads(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threads must be 0");
    }

    @Test
    void queriesPartitionsOutsideTheTableLocationWithEvolvedSchemas() {
        try (LoadedTable table = loader.load(sales(), PartitionFilter.parse("country in (FI, SE)"))) {
            QueryResult result = table.query("SELECT country, dt, count(*), count(channel) FROM sales GROUP BY ALL ORDER BY 1");

            assertThat(result.rows()).containsExactly(
                    List.of("FI", LocalDate.of(2024, 1, 1), 4000L, 0L),
                    List.of("SE", LocalDate.of(2024, 1, 2), 1500L, 1500L));
        }
    }

    @Test
    void aStreamedQueryReadsTheLoadedRowsAndEndsWhenTheTableCloses() {
        QueryStream leftOpen;
        try (LoadedTable table = loader.load(sales(), PartitionFilter.parse("country in (FI, SE)"))) {
            List<List<Object>> se = new ArrayList<>();
            try (QueryStream rows = table.streamQuery("SELECT id, dt FROM sales WHERE country = 'SE' ORDER BY id")) {
                rows.forEachRemaining(se::add);
                assertThat(rows.columns()).containsExactly("id", "dt");
            }
            leftOpen = table.streamQuery("SELECT id FROM sales");
            leftOpen.next();

            assertThat(se).hasSize(1500).allSatisfy(row -> assertThat(row.get(1)).isEqualTo(LocalDate.of(2024, 1, 2)));
        }
        assertThat(leftOpen.hasNext()).isFalse();
    }

    @Test
    void aTableSparkRegisteredInItsOwnFormLoadsWithTheColumnsAndLocationSparkKeeps() {
        try (LoadedTable table = loader.load(TableRef.parse(DB + ".sales_spark"), PartitionFilter.parse("country in (FI,SE)"))) {
            assertThat(table.plan().table().columns()).extracting(io.tableload.catalog.Column::name)
                    .containsExactly("id", "amount", "tags");
            assertThat(table.plan().table().location()).isEqualTo("s3://" + bucket + "/warehouse/sales");
            assertThat(table.files()).hasSize(3);
            assertThat(table.query("SELECT country, count(*), sum(amount), max(len(tags)) FROM sales_spark GROUP BY 1 ORDER BY 1")
                    .rows()).containsExactly(
                            List.of("FI", (long) fiRows.size(), sum(fiRows), 2L),
                            List.of("SE", (long) seRows.size(), sum(seRows), 2L));
            try (CloseableIterator<GenericRecord> records = table.records()) {
                GenericRecord first = records.next();
                assertThat(first.getSchema().getFields()).extracting(Schema.Field::name)
                        .containsExactly("id", "amount", "tags", "country", "dt");
            }
        }
    }

    private static BigDecimal sum(List<GenericRecord> rows) {
        return rows.stream().map(r -> (BigDecimal) r.get("amount")).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void decimalAndTimestampPartitionKeysAreFilteredAsValuesAndComeTyped() {
        // As text, '10.25' < '9.5': compared as numbers, both partitions at or above 9.5 match.
        try (LoadedTable table = loader.load(TableRef.parse(DB + ".sales_priced"),
                PartitionFilter.parse("price>=9.5,ts>=2024-01-01 10:00"))) {
            assertThat(table.plan().partitions()).extracting(p -> p.values().get("price")).containsExactlyInAnyOrder("9.5", "10.25");
            assertThat(table.query("SELECT price, ts, count(*) FROM sales_priced GROUP BY ALL ORDER BY 1").rows())
                    .containsExactly(List.of(new BigDecimal("9.50"), LocalDateTime.of(2024, 1, 1, 10, 0), (long) fiRows.size()),
                            List.of(new BigDecimal("10.25"), LocalDateTime.of(2024, 1, 2, 0, 0), (long) fiRows.size()));
        }
    }

    @Test
    void exportsAFilteredExtract() throws IOException {
        Path out = scratch.resolve("extract.csv");
        try (LoadedTable table = loader.load(sales(), PartitionFilter.all())) {
            long rows = table.export(evenIdsFromTheSecondDay(out));

            assertThat(rows).isEqualTo(750);
        }
        assertThat(Files.readAllLines(out)).hasSize(751).first().isEqualTo("id,country");
    }

    @Test
    void anExtractCheckedWhileItsFilesDownloadExportsTheSameRowsWithDuckDbPreparedAheadOrNot() throws IOException {
        try (TableLoader prepared = TableLoader.open(metastore, s3Settings)) {
            prepared.prepareQueries();
            for (int load = 0; load < 2; load++) { // the second load opens DuckDB for itself
                Path out = scratch.resolve("checked-" + load + ".csv");
                Extract extract = evenIdsFromTheSecondDay(out);
                LoadPlan plan = prepared.plan(sales(), PartitionFilter.all());
                try (LoadedTable table = prepared.load(plan, LoadOptions.temporary().withExtract(extract))) {
                    assertThat(table.exportedRows()).hasValue(750);
                }
                assertThat(Files.readAllLines(out)).hasSize(751).first().isEqualTo("id,country");
            }
            prepared.prepareQueries(); // never used: closing the loader closes it
        }
    }

    private static Extract evenIdsFromTheSecondDay(Path out) {
        return new Extract(Optional.of("dt >= DATE '2024-01-02' AND id % 2 = 0"), List.of("id", "country"),
                OptionalLong.empty(), out);
    }

    @Test
    void aLoadIntoAKeptDestinationRunsItsExtractBeforeKeepingAndStillAnswersQueriesThere() throws IOException {
        Path dest = scratch.resolve("kept-and-exported");
        Path out = scratch.resolve("kept-and-exported.csv");
        LoadPlan plan = loader.plan(sales(), PartitionFilter.all());

        try (LoadedTable table = loader.load(plan, LoadOptions.into(dest).withExtract(evenIdsFromTheSecondDay(out)))) {
            assertThat(table.exportedRows()).hasValue(750);
            assertThat(table.directory()).isEqualTo(dest.toAbsolutePath());
            assertThat(table.query("SELECT count(*) FROM sales").rows()).containsExactly(List.of(5500L));
        }
        assertThat(Files.readAllLines(out)).hasSize(751);
        assertThat(siblingsOf(dest)).containsExactlyInAnyOrder(dest.getFileName().toString(), out.getFileName().toString());
    }

    @Test
    void anExtractThatFailsOverTheDataFailsTheLoadAndKeepsTheEarlierOne() throws IOException {
        Path dest = scratch.resolve("kept-before-conversion");
        try (LoadedTable first = loader.load(loader.plan(sales(), PartitionFilter.parse("country=FI")), LoadOptions.into(dest))) {
            assertThat(first.exportedRows()).isEmpty();
        }
        List<Path> before = files(dest);
        Path out = scratch.resolve("conversion.csv");
        // Right for the table's columns, so the check during the download lets it through; the
        // values 'FI' and 'SE' then fail it.
        Extract failsOnValues = new Extract(Optional.of("CAST(country AS INTEGER) > 0"), List.of(), OptionalLong.empty(), out);

        assertThatThrownBy(() -> loader.load(loader.plan(sales(), PartitionFilter.all()),
                LoadOptions.into(dest).withExtract(failsOnValues)))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("Conversion Error");
        assertThat(files(dest)).isEqualTo(before);
        assertThat(siblingsOf(dest)).containsExactly(dest.getFileName().toString());
        assertThat(out).doesNotExist();
    }

    @Test
    void aKeptDestinationIsReplacedWholeByTheNextLoad() throws IOException {
        Path dest = scratch.resolve("kept");
        try (LoadedTable first = loader.load(loader.plan(sales(), PartitionFilter.parse("country=FI")), LoadOptions.into(dest))) {
            assertThat(first.directory()).isEqualTo(dest.toAbsolutePath());
        }
        assertThat(files(dest)).hasSize(3); // two data files and the marker: kept after close

        try (LoadedTable second = loader.load(loader.plan(sales(), PartitionFilter.parse("country=SE")), LoadOptions.into(dest))) {
            assertThat(second.files()).hasSize(1);
        }
        assertThat(files(dest)).extracting(p -> dest.relativize(p).toString())
                .containsExactlyInAnyOrder("country=SE/dt=2024-01-02/part-0.parquet", KeptDestination.MARKER);
        assertThat(siblingsOf(dest)).containsExactly(dest.getFileName().toString());
    }

    @Test
    @Timeout(60) // without the check stopping it, the trickled download would take many minutes
    void aLoadForAnExtractThatCannotRunStopsItsDownloadAndKeepsTheEarlierLoad(S3Server s3) throws IOException {
        Path dest = scratch.resolve("kept-before-bad-extract");
        try (LoadedTable first = loader.load(loader.plan(sales(), PartitionFilter.parse("country=FI")), LoadOptions.into(dest))) {
            assertThat(first.files()).hasSize(2);
        }
        List<Path> before = files(dest);
        Extract misspelt = new Extract(Optional.of("prodcut = 'lamp'"), List.of(), OptionalLong.empty(),
                scratch.resolve("never.csv"));

        try (FaultProxy proxy = FaultProxy.start(s3.endpoint()).trickle(16, Duration.ofMillis(50));
                TableLoader slow = TableLoader.open(metastore, s3Settings.withEndpoint(proxy.endpoint()))) {
            proxy.inject(FaultRule.always(Fault.TRICKLE).onlyPathContaining(".parquet")); // the listing is not slowed
            LoadPlan plan = slow.plan(sales(), PartitionFilter.parse("country=SE"));
            long start = System.nanoTime();

            assertThatThrownBy(() -> slow.load(plan, LoadOptions.into(dest).withExtract(misspelt)))
                    .isInstanceOfSatisfying(TableloadException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                        assertThat(e.getMessage()).contains("Referenced column \"prodcut\" not found", "without reading its files");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            assertThat(proxy.seen()).anyMatch(r -> r.path().endsWith("part-0.parquet")); // the download had begun
        }
        assertThat(files(dest)).isEqualTo(before);
        assertThat(siblingsOf(dest)).containsExactly(dest.getFileName().toString());
        assertThat(scratch.resolve("never.csv")).doesNotExist();
    }

    @Test
    @Timeout(60) // without the cancellation, the trickled download would take many minutes
    void aLoadCancelledFromAnotherThreadStopsItsDownloadAndKeepsTheEarlierLoad(S3Server s3) throws Exception {
        Path dest = scratch.resolve("kept-before-cancel");
        try (LoadedTable first = loader.load(loader.plan(sales(), PartitionFilter.parse("country=FI")), LoadOptions.into(dest))) {
            assertThat(first.files()).hasSize(2);
        }
        List<Path> before = files(dest);
        Cancellation cancellation = new Cancellation();

        try (FaultProxy proxy = FaultProxy.start(s3.endpoint()).trickle(16, Duration.ofMillis(50));
                TableLoader slow = TableLoader.open(metastore, s3Settings.withEndpoint(proxy.endpoint()))) {
            proxy.inject(FaultRule.always(Fault.TRICKLE).onlyPathContaining(".parquet"));
            LoadPlan plan = slow.plan(sales(), PartitionFilter.parse("country=SE"));
            CompletableFuture<LoadedTable> load = CompletableFuture.supplyAsync(
                    () -> slow.load(plan, LoadOptions.into(dest).withCancellation(cancellation)));
            while (proxy.seen().stream().noneMatch(r -> r.path().endsWith("part-0.parquet"))) {
                Thread.sleep(20); // until the download has begun
            }
            cancellation.cancel(new TableloadException(ErrorCode.INTERNAL, "the caller went away"));

            assertThatThrownBy(() -> load.get(20, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(TableloadException.class,
                            e -> assertThat(e.getMessage()).contains("the caller went away"));
        }
        assertThat(files(dest)).isEqualTo(before);
        assertThat(siblingsOf(dest)).containsExactly(dest.getFileName().toString());
    }

    @Test
    @Timeout(60) // an interrupt that is not heard would wait out the trickled download
    void aLoadWhoseThreadIsInterruptedStopsItsDownloadKeepsTheEarlierLoadAndStaysInterrupted(S3Server s3)
            throws Exception {
        Path dest = scratch.resolve("kept-before-interrupt");
        try (LoadedTable first = loader.load(loader.plan(sales(), PartitionFilter.parse("country=FI")), LoadOptions.into(dest))) {
            assertThat(first.files()).hasSize(2);
        }
        List<Path> before = files(dest);
        ExecutorService step = Executors.newSingleThreadExecutor();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        try (FaultProxy proxy = FaultProxy.start(s3.endpoint()).trickle(16, Duration.ofMillis(50));
                TableLoader slow = TableLoader.open(metastore, s3Settings.withEndpoint(proxy.endpoint()))) {
            proxy.inject(FaultRule.always(Fault.TRICKLE).onlyPathContaining(".parquet"));
            LoadPlan plan = slow.plan(sales(), PartitionFilter.parse("country=SE"));
            Future<?> training = step.submit(() -> {
                try {
                    slow.load(plan, LoadOptions.into(dest)).close();
                } catch (RuntimeException e) {
                    failure.set(e);
                }
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            while (proxy.seen().stream().noneMatch(r -> r.path().endsWith("part-0.parquet"))) {
                Thread.sleep(20); // until the download has begun
            }

            training.cancel(true); // as a framework stops a step: the step's thread is interrupted

            step.shutdown();
            assertThat(step.awaitTermination(20, TimeUnit.SECONDS)).as("the load gave up within 20 s").isTrue();
        }
        assertThat(failure.get()).isInstanceOf(TableloadException.class).hasMessageContaining("interrupted");
        assertThat(stillInterrupted).isTrue();
        assertThat(files(dest)).isEqualTo(before);
        assertThat(siblingsOf(dest)).containsExactly(dest.getFileName().toString());
    }

    @Test
    void queriesOfATableNotInParquetAreRefusedBeforeItsFilesDownload() {
        LoadPlan plan = loader.plan(TableRef.parse(DB + ".sales_orc"), PartitionFilter.all());
        Path dest = scratch.resolve("orc");
        Extract extract = Extract.all(scratch.resolve("orc.csv"));

        assertThatThrownBy(() -> loader.load(plan, LoadOptions.into(dest).withExtract(extract)))
                .isInstanceOf(TableloadException.class)
                .satisfies(e -> assertThat(((TableloadException) e).code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("stored as ORC");
        assertThatThrownBy(() -> loader.check(plan, extract)).hasMessageContaining("stored as ORC");
        assertThat(dest).doesNotExist();
        try (LoadedTable files = loader.load(plan, LoadOptions.into(dest))) { // the files alone load as ever
            assertThat(files.files()).hasSize(2);
        }
    }

    @Test
    void queriesOverAPartitionStoredAsTextInAParquetTableAreRefusedBeforeItsFilesDownload() throws IOException {
        TableRef mixed = TableRef.parse(DB + ".sales_mixed");
        LoadPlan both = loader.plan(mixed, PartitionFilter.all());
        Path dest = scratch.resolve("mixed");

        assertThatThrownBy(() -> loader.load(both, LoadOptions.into(dest).withQueries()))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("its partition country=SE/dt=2024-01-02 is stored as TEXT");
        assertThat(dest).doesNotExist();
        try (LoadedTable files = loader.load(both, LoadOptions.into(dest))) { // the files alone load as ever
            assertThat(files.files()).hasSize(3);
            assertThatThrownBy(files::records).hasMessageContaining("is stored as TEXT");
        }
        try (LoadedTable fi = loader.load(mixed, PartitionFilter.parse("country=FI"));
                CloseableIterator<GenericRecord> records = fi.records()) {
            assertThat(records.hasNext()).isTrue();
        }
    }

    @Test
    void aTextTableWhosePartitionsWereConvertedToParquetIsQueriedByItsPartitionsFormat() {
        TableRef converted = TableRef.parse(DB + ".sales_converted");

        try (LoadedTable parquet = loader.load(converted, PartitionFilter.parse("country in (FI,SE)"))) {
            assertThat(parquet.query("SELECT count(*) FROM sales_converted").rows())
                    .containsExactly(List.of((long) (fiRows.size() + seRows.size())));
        }
        assertThatThrownBy(() -> loader.load(loader.plan(converted, PartitionFilter.all()),
                LoadOptions.into(scratch.resolve("converted-all")).withQueries()))
                .hasMessageContaining("its partition country=NO/dt=2024-01-03 is stored as TEXT");
        assertThatThrownBy(() -> loader.load(loader.plan(converted, PartitionFilter.parse("country=NO")),
                LoadOptions.into(scratch.resolve("converted-no")).withQueries()))
                .hasMessageContaining("it is stored as TEXT, and only Parquet tables can be read locally");
    }

    @Test
    void loadsOfOneSelectionIntoOneDestinationAtOnceAllSucceedAndLeaveOneWholeLoad() throws Exception {
        LoadPlan plan = loader.plan(sales(), PartitionFilter.parse("country=FI"));
        Path dest = scratch.resolve("shared");
        ExecutorService jobs = Executors.newFixedThreadPool(8);
        try {
            // Their commits race: one moves the destination aside as another does, or puts its own
            // in place between another's two renames.
            for (int round = 0; round < 25; round++) {
                List<CompletableFuture<Void>> loads = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    loads.add(CompletableFuture.runAsync(() -> loader.load(plan, LoadOptions.into(dest)).close(), jobs));
                }
                for (CompletableFuture<Void> load : loads) {
                    load.get(60, TimeUnit.SECONDS);
                }
                assertThat(files(dest)).extracting(f -> dest.relativize(f).toString()).containsExactlyInAnyOrder(
                        ".tableload", "country=FI/dt=2024-01-01/part-0.parquet", "country=FI/dt=2024-01-01/part-1.parquet");
                assertThat(siblingsOf(dest)).as("round " + round).containsExactly("shared");
            }
        } finally {
            jobs.shutdownNow();
        }
    }

    @Test
    void aForeignNonEmptyDestinationIsRefusedAndLeftAlone() throws IOException {
        Path dest = scratch.resolve("precious");
        Files.createDirectories(dest);
        Files.writeString(dest.resolve("thesis.txt"), "do not delete");
        LoadPlan plan = loader.plan(sales(), PartitionFilter.parse("country=FI"));

        assertThatThrownBy(() -> loader.load(plan, LoadOptions.into(dest)))
                .isInstanceOf(TableloadException.class)
                .hasMessageContaining("not empty and holds no previous load");
        assertThat(dest.resolve("thesis.txt")).hasContent("do not delete");
    }

    @Test
    void aFilterMatchingNothingSaysWhichValuesExist() {
        assertThatThrownBy(() -> loader.plan(sales(), PartitionFilter.parse("country=XX")))
                .isInstanceOf(TableloadException.class)
                .satisfies(e -> assertThat(((TableloadException) e).code()).isEqualTo(ErrorCode.NOTHING_MATCHED))
                .hasMessageContaining("country has FI, NO, SE");
    }

    @Test
    void aPartitionWithOnlyMarkersHasNothingToLoad() {
        assertThatThrownBy(() -> loader.plan(sales(), PartitionFilter.parse("country=NO")))
                .isInstanceOf(TableloadException.class)
                .satisfies(e -> assertThat(((TableloadException) e).code()).isEqualTo(ErrorCode.NOTHING_MATCHED))
                .hasMessageContaining("hold no data files");
    }

    @Test
    void aMissingTableIsNotFound() {
        assertThatThrownBy(() -> loader.plan(TableRef.parse(DB + ".sale"), PartitionFilter.all()))
                .isInstanceOf(TableloadException.class)
                .satisfies(e -> assertThat(((TableloadException) e).code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("sales");
    }

    @Test
    void shardsTogetherLoadEveryFileOnce() {
        LoadPlan plan = loader.plan(sales(), PartitionFilter.all());
        List<String> loaded = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (LoadedTable shard = loader.load(plan.shard(new ShardSpec(i, 2), false), LoadOptions.temporary())) {
                shard.files().forEach(f -> loaded.add(shard.directory().relativize(f.path()).toString()));
            }
        }
        assertThat(loaded).containsExactlyInAnyOrderElementsOf(plan.files().stream().map(PlannedFile::relativePath).toList());
    }

    @Test
    void badCredentialsAreAccessDeniedAndLeaveNoFiles(S3Server s3) throws IOException {
        S3Settings wrong = s3Settings.withCredentials(S3Credentials.of(s3.accessKey(), "not-the-secret"));
        Path dest = scratch.resolve("denied");
        try (TableLoader denied = TableLoader.open(metastore, wrong)) {
            assertThatThrownBy(() -> denied.plan(sales(), PartitionFilter.parse("country=FI")))
                    .isInstanceOf(TableloadException.class)
                    .satisfies(e -> assertThat(((TableloadException) e).code()).isEqualTo(ErrorCode.ACCESS_DENIED))
                    .hasMessageNotContaining("not-the-secret");
            LoadPlan plan = loader.plan(sales(), PartitionFilter.parse("country=FI"));
            assertThatThrownBy(() -> denied.load(plan, LoadOptions.into(dest)))
                    .satisfies(e -> assertThat(((TableloadException) e).code()).isEqualTo(ErrorCode.ACCESS_DENIED));
        }
        assertThat(dest).doesNotExist();
        assertThat(siblingsOf(dest)).noneMatch(n -> n.contains("denied"));
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static List<String> siblingsOf(Path p) throws IOException {
        try (Stream<Path> s = Files.list(p.getParent())) {
            return s.map(x -> x.getFileName().toString()).filter(n -> n.contains(p.getFileName().toString())).toList();
        }
    }
}
