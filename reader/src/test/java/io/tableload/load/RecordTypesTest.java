package io.tableload.load;

import static io.tableload.load.RecordFiles.local;
import static io.tableload.load.RecordFiles.readAll;
import static io.tableload.load.RecordFiles.throughAvro;
import static io.tableload.load.RecordFiles.valueSchema;
import static io.tableload.load.RecordFiles.writeWithDuckDb;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records of files laid out as Spark, Hive and DuckDB write them, which parquet-avro alone reads
 * wrongly: decimals of up to 18 digits stored as int32/int64 (their values came as BigDecimal under
 * a plain {@code int}/{@code long} schema), and timestamps stored as INT96 (refused outright).
 */
class RecordTypesTest {
    /** Spark's layout with its default settings: small decimals in integers, timestamps in INT96. */
    private static final MessageType SPARK = MessageTypeParser.parseMessageType("""
            message spark_schema {
              required int64 id;
              optional int64 amount (DECIMAL(12,2));
              optional int32 price (DECIMAL(7,2));
              optional int96 at;
            }""");
    /** 2024-01-01 as a Julian day number, the day INT96 counts in. */
    private static final int JULIAN_2024_01_01 = 2_460_311;
    private static final List<PartitionColumn> DAY = List.of(new PartitionColumn("day", "int"));

    @TempDir
    Path dir;

    @Test
    void decimalsStoredAsIntegersComeAsBigDecimalsUnderADecimalSchema() throws IOException {
        LocalFile file = writeSparkFile(3);

        for (RowShape shape : shapes()) {
            List<GenericRecord> rows = readAll(file, shape);

            assertThat(rows).extracting(r -> r.get("amount"))
                    .containsExactly(new BigDecimal("12.34"), new BigDecimal("12.35"), null);
            assertThat(rows).extracting(r -> r.get("price"))
                    .containsExactly(new BigDecimal("0.99"), new BigDecimal("1.00"), null);
            assertThat(valueSchema(rows.get(0), "amount").getLogicalType()).isEqualTo(LogicalTypes.decimal(12, 2));
            assertThat(valueSchema(rows.get(0), "amount").getType()).isEqualTo(Schema.Type.BYTES);
            assertThat(valueSchema(rows.get(0), "price").getLogicalType()).isEqualTo(LogicalTypes.decimal(7, 2));
        }
    }

    @Test
    void int96TimestampsComeAsInstantsToTheNanosecond() throws IOException {
        LocalFile file = writeSparkFile(3);

        for (RowShape shape : shapes()) {
            List<GenericRecord> rows = readAll(file, shape);

            assertThat(rows).extracting(r -> r.get("at")).containsExactly(
                    Instant.parse("2024-01-01T01:00:00Z"), Instant.parse("2024-01-02T01:00:00.000000001Z"), null);
            assertThat(valueSchema(rows.get(0), "at").getLogicalType()).isEqualTo(LogicalTypes.timestampNanos());
        }
    }

    @Test
    void nanosecondTimestampsComeAsInstantsOrLocalDateTimesAsTheFileSays() throws IOException {
        MessageType pandas = MessageTypeParser.parseMessageType("message schema {"
                + " optional int64 at (TIMESTAMP(NANOS,true)); optional int64 local (TIMESTAMP(NANOS,false)); }");
        Path path = dir.resolve("pandas.parquet");
        long nanos = Instant.parse("1969-12-31T23:59:59.123456789Z").getEpochSecond() * 1_000_000_000L + 123_456_789;
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(path))
                .withConf(new PlainParquetConfiguration()).withType(pandas).build()) {
            writer.write(new SimpleGroupFactory(pandas).newGroup().append("at", nanos).append("local", nanos));
            writer.write(new SimpleGroupFactory(pandas).newGroup());
        }

        List<GenericRecord> rows = readAll(local(path), RowShape.allColumns(List.of()));

        assertThat(rows).extracting(r -> r.get("at")).containsExactly(Instant.parse("1969-12-31T23:59:59.123456789Z"), null);
        assertThat(rows).extracting(r -> r.get("local"))
                .containsExactly(LocalDateTime.parse("1969-12-31T23:59:59.123456789"), null);
        assertThat(valueSchema(rows.get(0), "at").getLogicalType()).isEqualTo(LogicalTypes.timestampNanos());
        assertThat(valueSchema(rows.get(0), "local").getLogicalType()).isEqualTo(LogicalTypes.localTimestampNanos());
    }

    @Test
    void recordsOfSuchFilesRoundTripThroughAvrosOwnWriterAndReader() throws IOException {
        LocalFile file = writeSparkFile(3);

        for (RowShape shape : shapes()) {
            for (GenericRecord row : readAll(file, shape)) {
                GenericRecord back = throughAvro(row);

                // Field by field: GenericData.Record.equals compares without logical type conversions.
                for (Schema.Field field : row.getSchema().getFields()) {
                    assertThat(back.get(field.pos())).as(field.name()).isEqualTo(row.get(field.pos()));
                }
            }
        }
    }

    @Test
    void listsComeAsListsOfTheirElementsInTheLayoutsSparkDuckDbAndHiveWrite() throws Exception {
        LocalFile duck = writeWithDuckDb(dir, "duck.parquet",
                "[1, 2, 3] AS ints, ['a', NULL] AS texts, [{'x': 1}] AS structs, [[1], [2, 3]] AS nested");
        // Hive's own writer names the repeated group "bag" and the element "array_element".
        MessageType hive = MessageTypeParser.parseMessageType(
                "message hive_schema { optional group tags (LIST) { repeated group bag { optional binary array_element (STRING); } } }");
        Path hiveFile = dir.resolve("hive.parquet");
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(hiveFile))
                .withConf(new PlainParquetConfiguration()).withType(hive).build()) {
            Group row = new SimpleGroupFactory(hive).newGroup();
            Group tags = row.addGroup("tags");
            tags.addGroup("bag").append("array_element", "t1");
            tags.addGroup("bag").append("array_element", "t2");
            writer.write(row);
        }

        GenericRecord fromDuckDb = readAll(duck, RowShape.allColumns(List.of())).get(0);
        GenericRecord fromHive = readAll(local(hiveFile), RowShape.allColumns(List.of())).get(0);

        assertThat(fromDuckDb.get("ints")).asList().containsExactly(1, 2, 3);
        assertThat(fromDuckDb.get("texts")).asList().extracting(String::valueOf).containsExactly("a", "null");
        assertThat(((List<?>) fromDuckDb.get("structs")).get(0)).isInstanceOf(GenericRecord.class)
                .extracting(r -> ((GenericRecord) r).get("x")).isEqualTo(1);
        assertThat(fromDuckDb.get("nested")).asList().containsExactly(List.of(1), List.of(2, 3));
        assertThat(fromHive.get("tags")).asList().extracting(String::valueOf).containsExactly("t1", "t2");
    }

    @Test
    void columnsNamedWithCharactersAvroNamesCannotHoldComeByTheirNames() throws Exception {
        LocalFile local = writeWithDuckDb(dir, "day=1/names.parquet",
                "1 AS \"user-id\", 'x' AS \"first name\", 2 AS \"1st\", {'a-b': 3} AS \"s.t\"");

        for (RowShape shape : List.of(RowShape.allColumns(List.of()), RowShape.allColumns(DAY),
                new RowShape(DAY, List.of("1st", "user-id")))) {
            GenericRecord row = readAll(local, shape).get(0);
            assertThat(row.get("1st")).isEqualTo(2);
            assertThat(row.get("user-id")).isEqualTo(1);
            if (!shape.projected()) {
                assertThat(String.valueOf(row.get("first name"))).isEqualTo("x");
                assertThat(((GenericRecord) row.get("s.t")).get("a-b")).isEqualTo(3);
            }
        }
    }

    @Test
    void unsignedIntegersComeWithTheirValuesAsSparkReadsThem() throws Exception {
        LocalFile file = writeWithDuckDb(dir, "unsigned.parquet", "4000000000::UINTEGER AS u32,"
                + " 18000000000000000000::UBIGINT AS u64, 7::UBIGINT AS small, 200::UTINYINT AS u8");

        GenericRecord row = readAll(file, RowShape.allColumns(DAY)).get(0);

        assertThat(row.get("u32")).isEqualTo(4_000_000_000L);
        assertThat(row.get("u64")).isEqualTo(new BigDecimal("18000000000000000000"));
        assertThat(row.get("small")).isEqualTo(BigDecimal.valueOf(7));
        assertThat(row.get("u8")).isEqualTo(200);
        assertThat(valueSchema(row, "u32").getType()).isEqualTo(Schema.Type.LONG);
        assertThat(valueSchema(row, "u64").getLogicalType()).isEqualTo(LogicalTypes.decimal(20, 0));
        assertThat(throughAvro(row).get("u64")).isEqualTo(row.get("u64"));
    }

    @Test
    void jsonColumnsComeAsTheirTextAndTimesAsLocalTimes() throws Exception {
        LocalFile file = writeWithDuckDb(dir, "json.parquet",
                "'{\"a\": [1, 2]}'::JSON AS doc, '12:34:56.789'::TIME AS at");

        GenericRecord row = readAll(file, RowShape.allColumns(List.of())).get(0);

        assertThat(row.get("doc")).hasToString("{\"a\": [1, 2]}");
        assertThat(valueSchema(row, "doc").getType()).isEqualTo(Schema.Type.STRING);
        assertThat(row.get("at")).isEqualTo(LocalTime.parse("12:34:56.789"));
        assertThat(throughAvro(row).get("at")).isEqualTo(row.get("at"));
    }

    /** All columns without partition columns (the records as parquet-avro makes them), with one, and some columns. */
    private static List<RowShape> shapes() {
        return List.of(RowShape.allColumns(List.of()), RowShape.allColumns(DAY),
                new RowShape(DAY, List.of("at", "day", "price", "amount")));
    }

    /** Rows 0..count-1; the last one's nullable columns are null. */
    private LocalFile writeSparkFile(int count) throws IOException {
        Path path = dir.resolve("day=1/part-00000.snappy.parquet");
        Files.createDirectories(path.getParent());
        Files.deleteIfExists(path);
        SimpleGroupFactory groups = new SimpleGroupFactory(SPARK);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(path))
                .withConf(new PlainParquetConfiguration()).withType(SPARK).build()) {
            for (int i = 0; i < count; i++) {
                Group row = groups.newGroup().append("id", (long) i);
                if (i < count - 1) {
                    row.append("amount", 1234L + i).append("price", 99 + i)
                            .append("at", new NanoTime(JULIAN_2024_01_01 + i, 3_600_000_000_000L + i));
                }
                writer.write(row);
            }
        }
        return new LocalFile(path, Map.of("day", "1"), Files.size(path));
    }
}
