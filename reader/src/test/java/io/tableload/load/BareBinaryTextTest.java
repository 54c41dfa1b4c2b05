package io.tableload.load;

import static io.tableload.load.RecordFiles.local;
import static io.tableload.load.RecordFiles.readAll;
import static io.tableload.load.RecordFiles.valueSchema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.Column;
import io.tableload.catalog.StorageFormat;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that store text as bare BINARY (no UTF8 annotation), as Impala does: records and queries
 * give text where the table declares text, bytes where it declares {@code binary}.
 */
class BareBinaryTextTest {
    /** Impala's layout for a row of strings, lists and structs: no annotation on any BINARY. */
    private static final MessageType IMPALA_NESTED = MessageTypeParser.parseMessageType("""
            message schema {
              optional int64 id;
              optional binary name;
              optional group tags (LIST) { repeated group list { optional binary element; } }
              optional group address { optional binary city; }
            }""");
    /** Text and bytes stored alike, beside a string written with its annotation. */
    private static final MessageType IMPALA_WITH_BYTES = MessageTypeParser.parseMessageType("""
            message schema {
              optional binary name;
              optional binary photo;
              optional binary code (STRING);
            }""");
    /** Not valid UTF-8: the start of a JPEG. */
    private static final byte[] PHOTO = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    @TempDir
    Path dir;

    @Test
    void textStoredAsBareBinaryComesAsTextAtAnyDepthWhenTheTableHasNoBinaryColumn() throws Exception {
        Table table = table(new Column("id", "bigint"), new Column("name", "string"),
                new Column("tags", "array<varchar(10)>"), new Column("address", "struct<city:char(20)>"));
        LocalFile file = write("nested.parquet", IMPALA_NESTED, row -> {
            row.append("id", 1L).append("name", "Åland");
            Group tags = row.addGroup("tags");
            tags.addGroup("list").append("element", "north");
            tags.addGroup("list").append("element", "island");
            row.addGroup("address").append("city", "Mariehamn");
        });

        GenericRecord record = readAll(file, RowShape.of(table, List.of(), List.of())).get(0);
        assertThat(record.get("name")).hasToString("Åland");
        assertThat(valueSchema(record, "name").getType()).isEqualTo(Schema.Type.STRING);
        assertThat((List<?>) record.get("tags")).extracting(String::valueOf).containsExactly("north", "island");
        assertThat(((GenericRecord) record.get("address")).get("city")).hasToString("Mariehamn");

        try (DuckDbTable duckDb = new DuckDbTable("t", table.columns(), List.of(), BareBinaryText.of(table), List.of(file), null)) {
            QueryResult result = duckDb.query("SELECT lower(name), typeof(name), typeof(tags), typeof(address),"
                    + " address.city FROM t WHERE name LIKE 'Å%' AND list_contains(tags, 'north')");
            assertThat(result.rows()).containsExactly(
                    List.of("åland", "VARCHAR", "VARCHAR[]", "STRUCT(city VARCHAR)", "Mariehamn"));
        }
    }

    @Test
    void aBinaryColumnStaysBytesBesideTextStoredTheSameWay() throws Exception {
        Table table = table(new Column("name", "varchar(20)"), new Column("photo", "binary"),
                new Column("code", "string"));
        LocalFile file = write("mixed.parquet", IMPALA_WITH_BYTES, row -> row.append("name", "Åland")
                .append("photo", Binary.fromConstantByteArray(PHOTO)).append("code", "AX"));

        for (RowShape shape : List.of(RowShape.of(table, List.of(), List.of()),
                RowShape.of(table, List.of(), List.of("photo", "name")))) {
            GenericRecord record = readAll(file, shape).get(0);
            assertThat(record.get("name")).hasToString("Åland");
            assertThat(record.get("photo")).isInstanceOf(ByteBuffer.class);
            assertThat(bytes((ByteBuffer) record.get("photo"))).containsExactly(PHOTO);
        }

        try (DuckDbTable duckDb = new DuckDbTable("t", table.columns(), List.of(), BareBinaryText.of(table), List.of(file), null)) {
            QueryResult result = duckDb.query(
                    "SELECT upper(name), typeof(name), typeof(photo), octet_length(photo), code FROM t WHERE name LIKE 'Å%'");
            assertThat(result.rows()).containsExactly(List.of("ÅLAND", "VARCHAR", "BLOB", 3L, "AX"));
        }
    }

    @Test
    void textThatIsNotUtf8FailsAQueryOrExtractNamingTheFileAndWhatToDo() throws Exception {
        Table table = table(new Column("name", "string"));
        LocalFile file = write("latin1.parquet", IMPALA_WITH_BYTES,
                row -> row.append("name", Binary.fromConstantByteArray(new byte[] {'S', (byte) 0xE4, 'r', 'e'})));
        Path output = dir.resolve("out.csv");

        try (DuckDbTable duckDb = new DuckDbTable("t", table.columns(), List.of(), BareBinaryText.of(table), List.of(file), null)) {
            assertThatThrownBy(() -> duckDb.query("SELECT name FROM t"))
                    .hasMessageContaining("latin1.parquet").hasMessageContaining("not valid UTF8")
                    .hasMessageContaining("declare the column binary in the metastore");
            assertThatThrownBy(() -> duckDb.export(new Extract(Optional.empty(), List.of(), OptionalLong.empty(), output)))
                    .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                    .hasMessageStartingWith("cannot select rows: Invalid Input Error: Invalid string encoding")
                    .hasMessageContaining("declare the column binary in the metastore");
        }
        assertThat(output).doesNotExist();
        assertThat(readAll(file, RowShape.of(table, List.of(), List.of())).get(0).get("name")).hasToString("S\uFFFDre");
    }

    @Test
    void bareBinaryOfFilesReadWithoutATableStaysBytes() throws Exception {
        LocalFile file = write("alone.parquet", IMPALA_WITH_BYTES, row -> row.append("name", "Åland"));

        GenericRecord record = readAll(file, RowShape.allColumns(List.of())).get(0);
        assertThat(record.get("name")).isInstanceOf(ByteBuffer.class);

        try (DuckDbTable duckDb = new DuckDbTable("t", List.of(), List.of(file))) {
            assertThat(duckDb.query("SELECT typeof(name) FROM t").rows()).containsExactly(List.of("BLOB"));
        }
    }

    @Test
    void aColumnNamingBinaryAnywhereInItsTypeIsNotText() {
        BareBinaryText mixed = BareBinaryText.of(table(new Column("name", "string"),
                new Column("thumbs", "array<BINARY>"), new Column("meta", "struct<raw:binary,kind:string>"),
                new Column("counts", "map<string,int>")));

        assertThat(mixed.everywhere()).isFalse();
        assertThat(mixed.isText("NAME")).isTrue();
        assertThat(mixed.isText("counts")).isTrue();
        assertThat(mixed.isText("thumbs")).isFalse();
        assertThat(mixed.isText("meta")).isFalse();
        assertThat(mixed.isText("not_in_the_table")).isFalse();

        BareBinaryText allText = BareBinaryText.of(table(new Column("name", "string"), new Column("binary_size", "int")));
        assertThat(allText.everywhere()).isTrue();
        assertThat(allText.isText("not_in_the_table")).isTrue();
    }

    private static Table table(Column... columns) {
        return new Table(TableRef.parse("db.t"), List.of(columns), List.of(), "s3://bucket/t",
                StorageFormat.PARQUET, "EXTERNAL_TABLE", Map.of());
    }

    private LocalFile write(String name, MessageType schema, Consumer<Group> fill) throws IOException {
        Path path = dir.resolve(name);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(path))
                .withConf(new PlainParquetConfiguration()).withType(schema).build()) {
            Group row = new SimpleGroupFactory(schema).newGroup();
            fill.accept(row);
            writer.write(row);
        }
        return local(path);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
