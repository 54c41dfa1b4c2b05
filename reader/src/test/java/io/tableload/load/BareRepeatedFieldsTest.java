package io.tableload.load;

import static io.tableload.load.RecordFiles.readAll;
import static io.tableload.load.RecordFiles.throughAvro;
import static io.tableload.load.RecordFiles.valueSchema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
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
 * Records of files that store repeated fields outside lists, as parquet-protobuf and
 * parquet-thrift write them: each such field comes as a list of its values, never null, as Spark,
 * Hive and DuckDB read it.
 */
class BareRepeatedFieldsTest {
    private static final List<PartitionColumn> DAY = List.of(new PartitionColumn("day", "int"));
    /** 2024-01-01 as a Julian day number, the day INT96 counts in. */
    private static final int JULIAN_2024_01_01 = 2_460_311;

    @TempDir
    Path dir;

    @Test
    void repeatedValuesComeAsListsEmptyWhereARowHasNoneOverManyRowGroups() throws Exception {
        MessageType proto = MessageTypeParser.parseMessageType("""
                message Event {
                  required int64 id;
                  repeated int32 scores;
                  repeated binary tags (STRING);
                }""");
        List<String> kinds = List.of("red", "green", "blue");
        // Small row groups: the lists start afresh in each, and the tags are dictionary-encoded.
        LocalFile file = write(proto, 3000, (row, i) -> {
            row.append("id", (long) i);
            for (int k = 0; k < i % 4; k++) {
                row.append("scores", i + k);
                row.append("tags", kinds.get((i + k) % 3));
            }
        });

        List<GenericRecord> rows = readAll(file, RowShape.allColumns(DAY));

        assertThat(rows).hasSize(3000);
        for (int i = 0; i < rows.size(); i++) {
            int n = i % 4;
            int first = i;
            assertThat(rows.get(i).get("id")).isEqualTo((long) i);
            assertThat(rows.get(i).get("scores")).asList().as("row %d", i)
                    .containsExactlyElementsOf(IntStream.range(0, n).mapToObj(k -> first + k).toList());
            assertThat(rows.get(i).get("tags")).asList().extracting(String::valueOf).as("row %d", i)
                    .containsExactlyElementsOf(IntStream.range(0, n).mapToObj(k -> kinds.get((first + k) % 3)).toList());
            assertThat(rows.get(i).get("day")).isEqualTo(1);
        }
        assertThat(rows.get(0).getSchema().getField("scores").schema())
                .isEqualTo(Schema.createArray(Schema.create(Schema.Type.INT)));
    }

    @Test
    void repeatedStructsComeAsListsOfRecordsAndStructsHoldingRepeatedFieldsAsRecords() throws Exception {
        MessageType proto = MessageTypeParser.parseMessageType("""
                message Order {
                  required int64 id;
                  repeated group lines {
                    required binary sku (STRING);
                    optional int32 quantity;
                    repeated int64 discounts;
                  }
                  optional group customer {
                    optional binary name (STRING);
                    repeated binary emails (STRING);
                  }
                }""");
        LocalFile file = write(proto, 3, (row, i) -> {
            row.append("id", (long) i);
            if (i == 0) {
                row.addGroup("lines").append("sku", "A-1").append("quantity", 2).append("discounts", 5L).append("discounts", 7L);
                row.addGroup("lines").append("sku", "B-2");
                row.addGroup("customer").append("name", "Ada").append("emails", "ada@x").append("emails", "a@y");
            } else if (i == 1) {
                row.addGroup("customer").append("name", "Bo");
            }
        });

        List<GenericRecord> rows = readAll(file, RowShape.allColumns(List.of()));

        List<?> lines = (List<?>) rows.get(0).get("lines");
        assertThat(lines).hasSize(2);
        GenericRecord a = (GenericRecord) lines.get(0);
        GenericRecord b = (GenericRecord) lines.get(1);
        assertThat(String.valueOf(a.get("sku"))).isEqualTo("A-1");
        assertThat(a.get("quantity")).isEqualTo(2);
        assertThat(a.get("discounts")).asList().containsExactly(5L, 7L);
        assertThat(String.valueOf(b.get("sku"))).isEqualTo("B-2");
        assertThat(b.get("quantity")).isNull();
        assertThat(b.get("discounts")).asList().isEmpty();
        GenericRecord ada = (GenericRecord) rows.get(0).get("customer");
        assertThat(String.valueOf(ada.get("name"))).isEqualTo("Ada");
        assertThat(ada.get("emails")).asList().extracting(String::valueOf).containsExactly("ada@x", "a@y");

        assertThat(rows.get(1).get("lines")).asList().isEmpty();
        assertThat(((GenericRecord) rows.get(1).get("customer")).get("emails")).asList().isEmpty();
        assertThat(rows.get(2).get("customer")).isNull();
        for (GenericRecord row : rows) {
            GenericRecord back = throughAvro(row);
            assertThat(back.toString()).isEqualTo(row.toString());
        }
    }

    @Test
    void repeatedDecimalsAndInt96TimestampsAreRetypedAsInLists() throws Exception {
        MessageType thrift = MessageTypeParser.parseMessageType("""
                message Prices {
                  repeated int32 prices (DECIMAL(7,2));
                  repeated int96 seen;
                }""");
        LocalFile file = write(thrift, 1, (row, i) -> row.append("prices", 99).append("prices", 1050)
                .append("seen", new NanoTime(JULIAN_2024_01_01, 3_600_000_000_000L)));

        GenericRecord row = readAll(file, RowShape.allColumns(List.of())).get(0);

        assertThat(row.get("prices")).asList().containsExactly(new BigDecimal("0.99"), new BigDecimal("10.50"));
        assertThat(row.get("seen")).asList().containsExactly(Instant.parse("2024-01-01T01:00:00Z"));
        assertThat(valueSchema(row, "prices").getElementType().getLogicalType()).isEqualTo(LogicalTypes.decimal(7, 2));
        assertThat(valueSchema(row, "seen").getElementType().getLogicalType()).isEqualTo(LogicalTypes.timestampNanos());
        // Avro's own reader cannot give arrays of timestamps back (it keeps them as longs): prices only.
        GenericRecord prices = readAll(file, new RowShape(List.of(), List.of("prices"))).get(0);
        assertThat(throughAvro(prices).get("prices")).asList()
                .containsExactly(new BigDecimal("0.99"), new BigDecimal("10.50"));
    }

    @Test
    void someColumnsAreReadAsAskedAndNamesAvroCannotHoldAreKept() throws Exception {
        MessageType proto = MessageTypeParser.parseMessageType("""
                message Event {
                  required int64 id;
                  repeated int32 user-ids;
                  optional group the-meta {
                    repeated binary first-names (STRING);
                  }
                }""");
        LocalFile file = write(proto, 2, (row, i) -> {
            row.append("id", (long) i).append("user-ids", 10 + i);
            row.addGroup("the-meta").append("first-names", "n" + i);
        });

        List<GenericRecord> rows = readAll(file, new RowShape(DAY, List.of("day", "user-ids", "the-meta")));

        assertThat(rows).extracting(r -> r.getSchema().getFields().stream().map(Schema.Field::name).toList())
                .containsOnly(List.of("day", "user-ids", "the-meta"));
        assertThat(rows).extracting(r -> r.get("user-ids")).containsExactly(List.of(10), List.of(11));
        assertThat(((GenericRecord) rows.get(1).get("the-meta")).get("first-names")).asList()
                .extracting(String::valueOf).containsExactly("n1");
    }

    @Test
    void recordsHoldWhatDuckDbReadsFromTheSameFile() throws Exception {
        MessageType proto = MessageTypeParser.parseMessageType("""
                message Event {
                  required int64 id;
                  repeated double weights;
                  repeated group points { required int32 x; repeated binary labels (STRING); }
                }""");
        LocalFile file = write(proto, 200, (row, i) -> {
            row.append("id", (long) i);
            for (int k = 0; k < i % 3; k++) {
                row.append("weights", i / 4.0 + k);
                Group point = row.addGroup("points").append("x", k);
                for (int l = 0; l < k; l++) {
                    point.append("labels", "l" + l);
                }
            }
        });

        List<GenericRecord> rows = readAll(file, RowShape.allColumns(List.of()));

        List<String> duckDb = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement s = db.createStatement();
                ResultSet r = s.executeQuery("SELECT id, weights, [p.x FOR p IN points], [p.labels FOR p IN points]"
                        + " FROM '" + file.path() + "' ORDER BY id")) {
            while (r.next()) {
                duckDb.add(r.getLong(1) + " " + r.getString(2) + " " + r.getString(3) + " " + r.getString(4));
            }
        }
        assertThat(rows).extracting(r -> r.get("id") + " " + r.get("weights") + " "
                        + ((List<?>) r.get("points")).stream().map(p -> ((GenericRecord) p).get("x")).toList() + " "
                        + ((List<?>) r.get("points")).stream().map(p -> ((GenericRecord) p).get("labels")).toList())
                .containsExactlyElementsOf(duckDb);
    }

    @Test
    void aRepeatedFieldInsideTheElementsOfAListIsRefusedNamingTheColumnAndWhatToDo() throws Exception {
        MessageType mixed = MessageTypeParser.parseMessageType("""
                message Mixed {
                  required int64 id;
                  optional group points (LIST) { repeated group list { optional group element { repeated int32 xs; } } }
                }""");
        LocalFile file = write(mixed, 1, (row, i) -> row.append("id", 1L).addGroup("points").addGroup("list")
                .addGroup("element").append("xs", 3));

        assertThatThrownBy(() -> readAll(file, RowShape.allColumns(List.of())))
                .hasMessageContaining("Mixed.parquet: column points holds lists or maps whose elements have fields"
                        + " repeated outside a list, which records cannot read; query the table instead");
        try (DuckDbTable table = new DuckDbTable("mixed", List.of(), List.of(file))) {
            assertThat(table.query("SELECT points[1].xs FROM mixed").rows()).containsExactly(List.of(List.of(3)));
        }
    }

    /** A file of {@code count} rows of {@code schema}, filled in by {@code fill}, in partition day=1. */
    private LocalFile write(MessageType schema, int count, RowFiller fill) throws IOException {
        Path path = dir.resolve("day=1/" + schema.getName() + ".parquet");
        Files.createDirectories(path.getParent());
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(path))
                .withConf(new PlainParquetConfiguration()).withType(schema)
                .withRowGroupSize(16 * 1024L).withPageSize(4 * 1024).build()) {
            for (int i = 0; i < count; i++) {
                Group row = groups.newGroup();
                fill.fill(row, i);
                writer.write(row);
            }
        }
        return new LocalFile(path, Map.of("day", "1"), Files.size(path));
    }

    private interface RowFiller {
        void fill(Group row, int index);
    }
}
