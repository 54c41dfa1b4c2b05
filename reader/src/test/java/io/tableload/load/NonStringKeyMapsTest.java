package io.tableload.load;

import static io.tableload.load.RecordFiles.local;
import static io.tableload.load.RecordFiles.readAll;
import static io.tableload.load.RecordFiles.throughAvro;
import static io.tableload.load.RecordFiles.writeWithDuckDb;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maps keyed by other than strings, which parquet-avro refuses whole files for. */
class NonStringKeyMapsTest {
    private static final List<PartitionColumn> DAY = List.of(new PartitionColumn("day", "int"));

    @TempDir
    Path dir;

    @Test
    void mapsKeyedByNumbersComeAsListsOfKeyValueRecordsAtAnyDepth() throws Exception {
        LocalFile file = writeWithDuckDb(dir, "day=1/maps.parquet", "MAP {1: 'a', 2: 'b'} AS by_id,"
                + " {'inner': MAP {10: 1.5::DOUBLE}} AS holder, [MAP {3: 'c'}] AS listed, MAP {'k': 1} AS by_name");

        for (RowShape shape : List.of(RowShape.allColumns(List.of()), RowShape.allColumns(DAY),
                new RowShape(DAY, List.of("day", "by_id", "holder")))) {
            GenericRecord row = readAll(file, shape).get(0);

            assertThat(entries(row.get("by_id"))).containsExactly(Map.entry(1, "a"), Map.entry(2, "b"));
            assertThat(entries(((GenericRecord) row.get("holder")).get("inner"))).containsExactly(Map.entry(10, 1.5));
            if (!shape.projected()) {
                assertThat(entries(((List<?>) row.get("listed")).get(0))).containsExactly(Map.entry(3, "c"));
                assertThat(row.get("by_name")).asString().isEqualTo("{k=1}"); // string keys: still a map
            }
            assertThat(entries(throughAvro(row).get("by_id"))).containsExactly(Map.entry(1, "a"), Map.entry(2, "b"));
        }
    }

    @Test
    void hivesOlderMapLayoutWithNumberKeysComesTheSameWay() throws Exception {
        // Hive and older parquet-mr mark the repeated group MAP_KEY_VALUE and name it "map".
        MessageType hive = MessageTypeParser.parseMessageType("message hive_schema { optional group scores (MAP) {"
                + " repeated group map (MAP_KEY_VALUE) { required int64 key; optional double value; } } }");
        Path path = dir.resolve("hive.parquet");
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(path))
                .withConf(new PlainParquetConfiguration()).withType(hive).build()) {
            Group row = new SimpleGroupFactory(hive).newGroup();
            Group scores = row.addGroup("scores");
            scores.addGroup("map").append("key", 7L).append("value", 0.25);
            scores.addGroup("map").append("key", 9L).append("value", 0.5);
            writer.write(row);
        }

        GenericRecord row = readAll(local(path), RowShape.allColumns(List.of())).get(0);

        assertThat(entries(row.get("scores"))).containsExactly(Map.entry(7L, 0.25), Map.entry(9L, 0.5));
    }

    @Test
    void aSchemaWithoutSuchMapsIsLeftAsItIs() {
        MessageType schema = MessageTypeParser.parseMessageType("message s { optional int32 id; optional group m (MAP) {"
                + " repeated group key_value { required binary key (STRING); optional int32 value; } } }");

        assertThat(NonStringKeyMaps.asEntryLists(schema)).isSameAs(schema);
    }

    /** A map read as a list of {key, value} records, as (key, value) pairs, text values as strings. */
    private static List<Map.Entry<Object, Object>> entries(Object listed) {
        assertThat(listed).isInstanceOf(List.class);
        return ((List<?>) listed).stream().map(GenericRecord.class::cast)
                .map(e -> Map.entry(e.get("key"), e.get("value") instanceof CharSequence text ? text.toString() : e.get("value")))
                .toList();
    }
}
