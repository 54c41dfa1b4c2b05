package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.Column;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTableReadingTest {
    private static final List<PartitionColumn> PARTITION_COLUMNS =
            List.of(new PartitionColumn("country", "string"), new PartitionColumn("dt", "date"));

    @TempDir Path dir;
    private List<LocalFile> files;
    private List<GenericRecord> fi;
    private List<GenericRecord> se;

    @BeforeEach
    void writeTwoPartitionsWithDifferentSchemas() throws Exception {
        fi = ParquetFiles.rows(ParquetFiles.V1, 0, 3000);
        se = ParquetFiles.rows(ParquetFiles.V2, 10_000, 2000);
        Path fiFile = dir.resolve("country=FI/dt=2024-01-01/part-0.parquet");
        Path seFile = dir.resolve("country=SE'x/dt=2024-01-02/part-0.parquet");
        Files.createDirectories(fiFile.getParent());
        Files.createDirectories(seFile.getParent());
        ParquetFiles.write(fiFile, ParquetFiles.V1, fi, CompressionCodecName.SNAPPY);
        ParquetFiles.write(seFile, ParquetFiles.V2, se, CompressionCodecName.ZSTD);
        files = List.of(
                new LocalFile(fiFile, values("FI", "2024-01-01"), Files.size(fiFile)),
                new LocalFile(seFile, values("SE'x", "2024-01-02"), Files.size(seFile)));
    }

    private static Map<String, String> values(String country, String dt) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("country", country);
        m.put("dt", dt);
        return m;
    }

    @Test
    void recordStreamReturnsEveryRowAsWrittenWithTypedPartitionColumns() {
        List<GenericRecord> read = new ArrayList<>();
        RowShape allColumns = RowShape.allColumns(PARTITION_COLUMNS);
        try (CloseableIterator<GenericRecord> it = new ReadAheadRecords(files, allColumns, 1, true, s -> { })) {
            it.forEachRemaining(read::add);
        }

        assertThat(read).hasSize(5000);
        GenericRecord first = read.get(0);
        assertThat(first.get("id")).isEqualTo(0L);
        assertThat(first.get("amount")).isEqualTo(fi.get(0).get("amount"));
        assertThat(first.get("at")).isEqualTo(fi.get(0).get("at"));
        assertThat(first.get("country")).isEqualTo("FI");
        assertThat(first.get("dt")).isEqualTo(LocalDate.of(2024, 1, 1));
        for (int i = 0; i < fi.size(); i++) {
            GenericRecord r = read.get(i);
            GenericRecord w = fi.get(i);
            assertThat(r.get("id")).isEqualTo(w.get("id"));
            assertThat(r.get("amount")).isEqualTo(w.get("amount"));
            assertThat(String.valueOf(r.get("discount"))).isEqualTo(String.valueOf(w.get("discount")));
            assertThat(r.get("tags").toString()).isEqualTo(w.get("tags").toString());
        }
        GenericRecord later = read.get(3000);
        assertThat(later.get("channel")).isEqualTo(se.get(0).get("channel"));
        assertThat(later.get("country")).isEqualTo("SE'x");
    }

    @Test
    void duckDbViewHasTypedPartitionColumnsAndReadsEvolvedSchemasByName() {
        try (DuckDbTable table = new DuckDbTable("sales", PARTITION_COLUMNS, files)) {
            QueryResult result = table.query(
                    "SELECT country, dt, typeof(dt) AS t, count(*) AS n, count(channel) AS with_channel,"
                            + " sum(amount) AS total FROM sales GROUP BY ALL ORDER BY country");

            assertThat(result.columns()).containsExactly("country", "dt", "t", "n", "with_channel", "total");
            assertThat(result.rows()).hasSize(2);
            assertThat(result.rows().get(0)).startsWith("FI", LocalDate.of(2024, 1, 1), "DATE", 3000L, 0L);
            assertThat(result.rows().get(1)).startsWith("SE'x", LocalDate.of(2024, 1, 2), "DATE", 2000L, 2000L);
            BigDecimal expected = fi.stream().map(r -> (BigDecimal) r.get("amount")).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat((BigDecimal) result.rows().get(0).get(5)).isEqualByComparingTo(expected);
        }
    }

    @Test
    void theViewHasTheColumnsTheTableDeclaresWhateverTheLoadedFilesHold() throws Exception {
        // A file that also holds a column named as a partition column, with another value in it.
        Schema withCountry = SchemaBuilder.record("sale").fields().requiredLong("id").requiredString("country").endRecord();
        GenericRecord wrong = new GenericData.Record(withCountry);
        wrong.put("id", 99_999L);
        wrong.put("country", "WRONG");
        Path odd = dir.resolve("country=NO/dt=2024-01-03/part-0.parquet");
        Files.createDirectories(odd.getParent());
        ParquetFiles.write(odd, withCountry, List.of(wrong), CompressionCodecName.SNAPPY);
        List<LocalFile> noChannel = List.of(files.get(0), new LocalFile(odd, values("NO", "2024-01-03"), Files.size(odd)));
        List<Column> declared = List.of(new Column("id", "bigint"), new Column("channel", "int"),
                new Column("note", "varchar(10)"));

        try (DuckDbTable table = new DuckDbTable("sales", declared, PARTITION_COLUMNS, BareBinaryText.NONE, noChannel, null)) {
            QueryResult result = table.query("SELECT *, typeof(channel), typeof(note) FROM sales WHERE id = 99999");

            assertThat(result.columns()).containsExactly("id", "channel", "note", "country", "dt",
                    "typeof(channel)", "typeof(note)");
            assertThat(result.rows()).containsExactly(
                    Arrays.asList(99_999L, null, null, "NO", LocalDate.of(2024, 1, 3), "INTEGER", "VARCHAR"));
            assertThat(table.query("SELECT count(*), count(channel) FROM sales WHERE country = 'FI'").rows())
                    .containsExactly(List.of(3000L, 0L));
        }
    }

    @Test
    void eachColumnHasTheDeclaredTypeWhateverTypesItsFilesHoldAndWhateverTheJvmsTimeZone() throws Exception {
        Path mixed = dir.resolve("mixed-types");
        // Old and new writers of one table: a smallint and a bigint, two decimal scales, a timestamp
        // stored without a zone and one stored in UTC, an int and a string.
        LocalFile old = RecordFiles.writeWithDuckDb(mixed, "day=1/old.parquet", "1::SMALLINT AS id,"
                + " 1.5::DECIMAL(9,2) AS price, TIMESTAMP '2024-01-10 22:13:20' AS ts, 7 AS code");
        LocalFile recent = RecordFiles.writeWithDuckDb(mixed, "day=1/new.parquet", "2::BIGINT AS id,"
                + " 2.25::DECIMAL(20,6) AS price, TIMESTAMPTZ '2024-01-10 22:13:20+00' AS ts, 'x7' AS code");
        List<Column> declared = List.of(new Column("id", "bigint"), new Column("price", "decimal(18,4)"),
                new Column("ts", "timestamp"), new Column("code", "string"));
        List<PartitionColumn> day = List.of(new PartitionColumn("day", "int"));
        String sql = "SELECT id, price, ts, code, typeof(id), typeof(price), typeof(ts), typeof(code) FROM t ORDER BY id";
        java.util.TimeZone before = java.util.TimeZone.getDefault();
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("America/New_York"));
        try (DuckDbTable both = new DuckDbTable("t", declared, day, BareBinaryText.NONE, List.of(old, recent), null);
                DuckDbTable oldAlone = new DuckDbTable("t", declared, day, BareBinaryText.NONE, List.of(old), null)) {
            List<Object> types = List.of("BIGINT", "DECIMAL(18,4)", "TIMESTAMP", "VARCHAR");
            java.time.LocalDateTime wallClock = java.time.LocalDateTime.of(2024, 1, 10, 22, 13, 20);

            assertThat(both.query(sql).rows()).containsExactly(
                    concat(List.of(1L, new java.math.BigDecimal("1.5000"), wallClock, "7"), types),
                    concat(List.of(2L, new java.math.BigDecimal("2.2500"), wallClock, "x7"), types));
            assertThat(oldAlone.query(sql).rows()).containsExactly( // a shard of old files alone: the same schema
                    concat(List.of(1L, new java.math.BigDecimal("1.5000"), wallClock, "7"), types));
        } finally {
            java.util.TimeZone.setDefault(before);
        }
    }

    private static List<Object> concat(List<Object> first, List<Object> second) {
        List<Object> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    @Test
    void aQueryWhoseThreadIsInterruptedStopsAndLeavesTheThreadInterrupted() throws Exception {
        try (DuckDbTable table = new DuckDbTable("sales", PARTITION_COLUMNS, files)) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread notebook = new Thread(() -> {
                try {
                    table.query("SELECT sum(hash(i)) FROM range(1000000000000) t(i)"); // hours of work
                } catch (RuntimeException e) {
                    thrown.set(e);
                }
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            notebook.start();
            Thread.sleep(300); // under way

            notebook.interrupt();

            notebook.join(10_000);
            assertThat(notebook.isAlive()).as("still querying 10 s after the interrupt").isFalse();
            assertThat(thrown.get()).isInstanceOf(TableloadException.class).hasMessageContaining("interrupted");
            assertThat(stillInterrupted).isTrue();
            assertThat(table.query("SELECT count(*) FROM sales").rows()).hasSize(1); // the connection still serves
        }
    }

    @Test
    void aLoadedFileThatIsNotParquetIsAUsageErrorOfOneLineNamingIt() throws IOException {
        Path notes = dir.resolve("country=FI/dt=2024-01-09/notes.txt");
        Files.createDirectories(notes.getParent());
        Files.writeString(notes, "not a parquet file\n");
        List<LocalFile> withNotes = List.of(files.get(0), new LocalFile(notes, values("FI", "2024-01-09"), Files.size(notes)));

        assertThatThrownBy(() -> new DuckDbTable("sales", PARTITION_COLUMNS, withNotes).close())
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageStartingWith("cannot read the loaded files of sales with DuckDB: ")
                .hasMessageContaining(notes.toString()).hasMessageContaining("whole Parquet file")
                .hasMessageNotContaining("\n").hasMessageNotContaining("pending query result");
    }

    @Test
    void decimalAndTimestampPartitionColumnsAreTypedInRecordsAndInTheView() throws IOException {
        List<PartitionColumn> typed = List.of(new PartitionColumn("price", "decimal(5,2)"),
                new PartitionColumn("ts", "timestamp"));
        Path path = files.get(0).path();
        List<LocalFile> priced = List.of(
                new LocalFile(path, Map.of("price", "1.5", "ts", "2024-01-01 10:00:00"), files.get(0).size()),
                new LocalFile(files.get(1).path(), Map.of("price", "12.25", "ts", "2024-01-02 00:00:00.5"), files.get(1).size()));

        List<GenericRecord> read = new ArrayList<>();
        try (CloseableIterator<GenericRecord> it = new ReadAheadRecords(priced, RowShape.allColumns(typed), 1, true, s -> { })) {
            it.forEachRemaining(read::add);
        }
        try (DuckDbTable table = new DuckDbTable("sales", typed, priced)) {
            QueryResult result = table.query("SELECT price, ts, typeof(price), typeof(ts), count(*) FROM sales"
                    + " WHERE price > 1.2 AND ts >= TIMESTAMP '2024-01-01 10:00:00' GROUP BY ALL ORDER BY 1");

            assertThat(result.rows()).containsExactly(
                    List.of(new BigDecimal("1.50"), LocalDateTime.of(2024, 1, 1, 10, 0), "DECIMAL(5,2)", "TIMESTAMP", 3000L),
                    List.of(new BigDecimal("12.25"), LocalDateTime.of(2024, 1, 2, 0, 0, 0, 500_000_000), "DECIMAL(5,2)",
                            "TIMESTAMP", 2000L));
        }
        assertThat(read.get(0).get("price")).isEqualTo(new BigDecimal("1.50"));
        assertThat(read.get(0).get("ts")).isEqualTo(LocalDateTime.of(2024, 1, 1, 10, 0));
        assertThat(read.get(3000).get("price")).isEqualTo(new BigDecimal("12.25"));
        assertThat(RecordFiles.throughAvro(read.get(3000)).get("ts")).isEqualTo(LocalDateTime.of(2024, 1, 2, 0, 0, 0, 500_000_000));
    }

    @Test
    void aTimestampColumnKeepsAWallClockTimeTheJvmsTimeZoneSkips() {
        java.util.TimeZone before = java.util.TimeZone.getDefault();
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("America/New_York")); // no 02:00-03:00 on 2024-03-10
        try (DuckDbTable table = new DuckDbTable("sales", PARTITION_COLUMNS, files)) {
            QueryResult result = table.query("SELECT TIMESTAMP '2024-03-10 02:30:00' AS us,"
                    + " TIMESTAMP_NS '2024-03-10 02:30:00.123456789' AS ns, TIMESTAMP_MS '2024-03-10 02:30:00.5' AS ms,"
                    + " NULL::TIMESTAMP AS nothing");

            assertThat(result.rows().get(0)).containsExactly(java.time.LocalDateTime.of(2024, 3, 10, 2, 30),
                    java.time.LocalDateTime.of(2024, 3, 10, 2, 30, 0, 123_456_789),
                    java.time.LocalDateTime.of(2024, 3, 10, 2, 30, 0, 500_000_000), null);
        } finally {
            java.util.TimeZone.setDefault(before);
        }
    }

    @Test
    void queryValuesArePlainJavaAtAnyDepthNeverJdbcTypes() {
        try (DuckDbTable table = new DuckDbTable("sales", PARTITION_COLUMNS, files)) {
            QueryResult result = table.query("SELECT [1, 2] AS list, {'n': 3, 'tags': ['a', NULL]} AS struct,"
                    + " MAP {'k': [TIMESTAMP '2024-01-02 03:04:05']} AS map, TIMESTAMP '2024-01-02 03:04:05.5' AS ts,"
                    + " TIME '10:11:12' AS t, '\\xAA\\x01'::BLOB AS b, DATE '2024-01-01' AS d, NULL AS nothing");

            List<Object> row = result.rows().get(0);
            assertThat(row.get(0)).isEqualTo(List.of(1, 2));
            assertThat(row.get(1)).isInstanceOf(Map.class).isEqualTo(new java.util.LinkedHashMap<>(Map.of("n", 3,
                    "tags", Arrays.asList("a", null))));
            assertThat(new ArrayList<Object>(((Map<?, ?>) row.get(1)).keySet())).containsExactly("n", "tags");
            assertThat(row.get(2)).isEqualTo(Map.of("k", List.of(java.time.LocalDateTime.of(2024, 1, 2, 3, 4, 5))));
            assertThat(row.get(3)).isEqualTo(java.time.LocalDateTime.of(2024, 1, 2, 3, 4, 5, 500_000_000));
            assertThat(row.get(4)).isEqualTo(java.time.LocalTime.of(10, 11, 12));
            assertThat(row.get(5)).isEqualTo(new byte[] {(byte) 0xAA, 1});
            assertThat(row.get(6)).isEqualTo(LocalDate.of(2024, 1, 1));
            assertThat(row.get(7)).isNull();
        }
    }

    @Test
    void aQueryThatFailsIsAUsageErrorGivingDuckDbsReasonWithoutItsDriversWrapping() {
        try (DuckDbTable table = new DuckDbTable("sales", PARTITION_COLUMNS, files)) {
            assertThatThrownBy(() -> table.query("SELECT amout FROM sales"))
                    .isInstanceOf(TableloadException.class)
                    .hasMessageStartingWith("the query failed: Binder Error: Referenced column \"amout\" not found")
                    .hasMessageContaining("\"amount\"") // DuckDB's suggestion
                    .hasMessageNotContaining("pending query result")
                    .extracting(e -> ((TableloadException) e).code()).isEqualTo(ErrorCode.USAGE);
            assertThatThrownBy(() -> table.query("SELECT CAST(country AS INTEGER) FROM sales"))
                    .isInstanceOf(TableloadException.class)
                    .hasMessageStartingWith("the query failed: Conversion Error: Could not convert string '") // 'FI' or 'SE'x', whichever comes first
                    .hasMessageNotContaining("pending query result");
        }
    }

    @Test
    void twoExportsToTheSameFileAtOnceBothSucceedAndTheFileIsOneOfThemWhole() throws Exception {
        Path out = dir.resolve("same.csv");
        for (int round = 0; round < 10; round++) {
            try (DuckDbTable one = new DuckDbTable("sales", PARTITION_COLUMNS, files);
                    DuckDbTable other = new DuckDbTable("sales", PARTITION_COLUMNS, files)) {
                var all = java.util.concurrent.CompletableFuture.supplyAsync(() -> one.export(Extract.all(out)));
                var some = java.util.concurrent.CompletableFuture.supplyAsync(() -> other.export(
                        new Extract(Optional.empty(), List.of(), OptionalLong.of(1000), out)));

                assertThat(all.join()).isEqualTo(5000);
                assertThat(some.join()).isEqualTo(1000);
            }
            assertThat(Files.readAllLines(out).size()).isIn(5001, 1001);
            try (var left = Files.list(dir)) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith(".same.csv"));
            }
        }
    }

    @Test
    void exportWritesEachFormatWithWhereColumnsAndLimit() throws Exception {
        try (DuckDbTable table = new DuckDbTable("sales", PARTITION_COLUMNS, files)) {
            for (String name : List.of("out.csv", "out.parquet", "out.json", "out.jsonl")) {
                Path out = dir.resolve("exports").resolve(name);
                long rows = table.export(new Extract(Optional.of("country = 'FI' AND id < 100"),
                        List.of("id", "dt"), OptionalLong.of(10), out));

                assertThat(rows).as(name).isEqualTo(10);
                assertThat(out).exists();
            }
            try (var left = Files.list(dir.resolve("exports"))) { // and no partial file beside them
                assertThat(left.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("out.csv", "out.parquet", "out.json", "out.jsonl");
            }
            assertThat(Files.readAllLines(dir.resolve("exports/out.csv")))
                    .hasSize(11).first().isEqualTo("id,dt");
            assertThat(Files.readAllLines(dir.resolve("exports/out.jsonl")))
                    .hasSize(10).first().isEqualTo("{\"id\":0,\"dt\":\"2024-01-01\"}");
            assertThat(Files.readString(dir.resolve("exports/out.json")).strip()).startsWith("[").endsWith("]");
        }
    }

    @Test
    void badWhereIsAUsageErrorAndLeavesNoOutput() {
        Path out = dir.resolve("bad.csv");
        try (DuckDbTable table = new DuckDbTable("sales", PARTITION_COLUMNS, files)) {
            assertThatThrownBy(() -> table.export(new Extract(Optional.of("no_such_column > 1"),
                            List.of(), OptionalLong.empty(), out)))
                    .isInstanceOf(TableloadException.class)
                    .hasMessageContaining("no_such_column")
                    .extracting(e -> ((TableloadException) e).code()).isEqualTo(ErrorCode.USAGE);
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void whereCannotSmuggleASecondStatement() {
        Path out = dir.resolve("x.csv");
        Path planted = dir.resolve("planted.csv");
        try (DuckDbTable table = new DuckDbTable("sales", PARTITION_COLUMNS, files)) {
            for (String hostile : List.of(
                    "true); COPY (SELECT 1) TO '" + planted + "'; SELECT (1",
                    "true) UNION ALL SELECT * FROM sales WHERE (true",
                    "country = 'FI' OR (1 = 1",
                    "discount = E'\\'' ; COPY (SELECT 1) TO '" + planted + "'; SELECT '")) {
                assertThatThrownBy(() -> table.export(new Extract(Optional.of(hostile), List.of(),
                                OptionalLong.empty(), out)))
                        .as(hostile)
                        .isInstanceOf(TableloadException.class)
                        .hasMessageContaining("is not a valid filter");
            }
            long rows = table.export(new Extract(Optional.of("discount = 'a;b)' OR \"id\" < (2)"), List.of(),
                    OptionalLong.empty(), out));
            assertThat(rows).isEqualTo(2);
        }
        assertThat(planted).doesNotExist();
    }

    @Test
    void unknownOutputExtensionIsAUsageError() {
        assertThatThrownBy(() -> Extract.all(dir.resolve("out.xlsx")))
                .isInstanceOf(TableloadException.class)
                .hasMessageContaining(".parquet, .csv, .json or .jsonl");
    }

    @Test
    void aTextOutputNamedGzOrZstIsCompressedSoAndHoldsTheSameRows() throws Exception {
        Extract tenRows = new Extract(Optional.of("id < 10"), List.of("id", "country"), OptionalLong.empty(),
                dir.resolve("plain/out.csv"));
        try (DuckDbTable table = new DuckDbTable("sales", PARTITION_COLUMNS, files)) {
            table.export(tenRows);
            for (String name : List.of("out.csv.gz", "out.CSV.GZ", "out.jsonl.gz", "out.json.gz")) {
                Path out = dir.resolve("gzip").resolve(name);
                assertThat(table.export(new Extract(tenRows.where(), tenRows.columns(), tenRows.limit(), out))).isEqualTo(10);
                try (var in = new GZIPInputStream(Files.newInputStream(out))) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    if (name.toLowerCase(Locale.ROOT).startsWith("out.csv")) {
                        assertThat(text.lines()).as(name).containsExactlyElementsOf(Files.readAllLines(dir.resolve("plain/out.csv")));
                    } else {
                        assertThat(text).as(name).contains("{\"id\":9,\"country\":\"FI\"}");
                    }
                }
            }
            Path zst = dir.resolve("zstd/out.jsonl.zst");
            table.export(new Extract(tenRows.where(), tenRows.columns(), tenRows.limit(), zst));
            byte[] compressed = Files.readAllBytes(zst);
            assertThat(Arrays.copyOf(compressed, 4)).containsExactly(0x28, 0xB5, 0x2F, 0xFD); // Zstandard's magic number
            String text;
            try (var in = new ZstdInputStream(new ByteArrayInputStream(compressed))) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(text.lines()).hasSize(10).allMatch(line -> line.startsWith("{\"id\":"));
        }
    }

    @Test
    void aCompressedParquetOutputIsAUsageErrorSayingParquetIsCompressedInside() {
        assertThatThrownBy(() -> Extract.all(dir.resolve("out.parquet.gz")))
                .isInstanceOf(TableloadException.class)
                .hasMessageContaining("compressed inside")
                .extracting(e -> ((TableloadException) e).code()).isEqualTo(ErrorCode.USAGE);
    }
}
