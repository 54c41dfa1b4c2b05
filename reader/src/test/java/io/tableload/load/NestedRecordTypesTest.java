package io.tableload.load;

import static io.tableload.load.RecordFiles.local;
import static io.tableload.load.RecordFiles.readAll;
import static io.tableload.load.RecordFiles.throughAvro;
import static io.tableload.load.RecordFiles.valueSchema;
import static io.tableload.load.RecordFiles.writeWithDuckDb;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
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

/** Values parquet-avro reads wrongly ({@link RetypedColumns}) inside structs, lists and maps. */
class NestedRecordTypesTest {
    /** Spark's layouts, with its default INT96 timestamps and integer decimals inside each. */
    private static final MessageType SPARK = MessageTypeParser.parseMessageType("""
            message spark_schema {
              optional group event { optional int96 at; optional int64 amount (DECIMAL(12,2)); optional binary name (STRING); }
              optional group times (LIST) { repeated group list { optional int96 element; } }
              optional group points (LIST) { repeated group list { optional group element { optional int96 at; optional int32 price (DECIMAL(7,2)); } } }
              optional group by_name (MAP) { repeated group key_value { required binary key (STRING); optional int96 value; } }
              optional group by_id (MAP) { repeated group key_value { required int32 key; optional int96 value; } }
              optional group tags (LIST) { repeated group bag { optional int96 array_element; } }
              optional group plain { optional int32 n; }
            }""");
    private static final int JULIAN_2024_01_01 = 2_460_311;
    private static final Instant AT = Instant.parse("2024-01-01T01:00:00.000000007Z");
    private static final NanoTime AT_INT96 = new NanoTime(JULIAN_2024_01_01, 3_600_000_000_007L);

    @TempDir
    Path dir;

    @Test
    void int96TimestampsAndIntegerDecimalsInsideStructsListsAndMapsComeAsInstantsAndBigDecimals() throws IOException {
        Path path = dir.resolve("spark.parquet");
        SimpleGroupFactory groups = new SimpleGroupFactory(SPARK);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(path))
                .withConf(new PlainParquetConfiguration()).withType(SPARK).build()) {
            Group row = groups.newGroup();
            row.addGroup("event").append("at", AT_INT96).append("amount", 1234L).append("name", "click");
            row.addGroup("times").addGroup("list").append("element", AT_INT96);
            row.addGroup("points").addGroup("list").addGroup("element").append("at", AT_INT96).append("price", 99);
            row.addGroup("by_name").addGroup("key_value").append("key", "first").append("value", AT_INT96);
            row.addGroup("by_id").addGroup("key_value").append("key", 7).append("value", AT_INT96);
            row.addGroup("tags").addGroup("bag").append("array_element", AT_INT96);
            row.addGroup("plain").append("n", 1);
            writer.write(row);
            Group nulls = groups.newGroup();
            nulls.addGroup("event");
            nulls.addGroup("times").addGroup("list");
            writer.write(nulls);
        }

        List<GenericRecord> rows = readAll(local(path), RowShape.allColumns(List.of()));

        GenericRecord row = rows.get(0);
        GenericRecord event = (GenericRecord) row.get("event");
        assertThat(event.get("at")).isEqualTo(AT);
        assertThat(event.get("amount")).isEqualTo(new BigDecimal("12.34"));
        assertThat(event.get("name")).hasToString("click");
        assertThat(valueSchema(event, "at").getLogicalType()).isEqualTo(LogicalTypes.timestampNanos());
        assertThat(valueSchema(event, "amount").getLogicalType()).isEqualTo(LogicalTypes.decimal(12, 2));
        assertThat(row.get("times")).asList().containsExactly(AT);
        GenericRecord point = (GenericRecord) ((List<?>) row.get("points")).get(0);
        assertThat(point.get("at")).isEqualTo(AT);
        assertThat(point.get("price")).isEqualTo(new BigDecimal("0.99"));
        assertThat(((Map<?, ?>) row.get("by_name")).get(new Utf8("first"))).isEqualTo(AT);
        GenericRecord entry = (GenericRecord) ((List<?>) row.get("by_id")).get(0);
        assertThat(entry.get("key")).isEqualTo(7);
        assertThat(entry.get("value")).isEqualTo(AT);
        assertThat(row.get("tags")).asList().containsExactly(AT);
        assertThat(((GenericRecord) row.get("plain")).get("n")).isEqualTo(1);

        GenericRecord nulls = rows.get(1);
        assertThat(((GenericRecord) nulls.get("event")).get("at")).isNull();
        assertThat(nulls.get("times")).asList().containsExactly((Object) null);
        assertThat(nulls.get("points")).isNull();
        for (GenericRecord r : rows) {
            GenericRecord back = throughAvro(r);
            for (Schema.Field field : r.getSchema().getFields()) {
                assertThat(String.valueOf(back.get(field.pos()))).as(field.name())
                        .isEqualTo(String.valueOf(r.get(field.pos())));
            }
        }
    }

    @Test
    void unsignedIntegersJsonAndNanosecondTimestampsInsideDuckDbsListsAndStructsComeRetyped() throws Exception {
        LocalFile file = writeWithDuckDb(dir, "duck.parquet", "[4000000000::UINTEGER, 1::UINTEGER] AS ids,"
                + " {'doc': '{\"a\": 1}'::JSON, 'at': '2024-01-01 00:00:00.123456789'::TIMESTAMP_NS,"
                + " 'big': 18000000000000000000::UBIGINT} AS s");

        GenericRecord row = readAll(file, RowShape.allColumns(List.of())).get(0);

        assertThat(row.get("ids")).asList().containsExactly(4_000_000_000L, 1L);
        GenericRecord s = (GenericRecord) row.get("s");
        assertThat(s.get("doc")).hasToString("{\"a\": 1}");
        assertThat(s.get("at")).isEqualTo(LocalDateTime.parse("2024-01-01T00:00:00.123456789"));
        assertThat(s.get("big")).isEqualTo(new BigDecimal("18000000000000000000"));
        assertThat(throughAvro(row).get("ids")).asList().containsExactly(4_000_000_000L, 1L);
    }
}
