package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.catalog.Column;
import io.tableload.catalog.StorageFormat;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records of some columns only ({@link RecordOptions#withColumns}), over real Parquet files. */
class RecordColumnsTest {
    private static final List<PartitionColumn> DAY = List.of(new PartitionColumn("day", "int"));

    @TempDir
    Path dir;

    @Test
    void recordsHoldOnlyTheColumnsAskedForInTheOrderAskedAndNullWhereAFileLacksOne() throws Exception {
        List<GenericRecord> v1 = ParquetFiles.rows(ParquetFiles.V1, 0, 3000);
        List<GenericRecord> v2 = ParquetFiles.rows(ParquetFiles.V2, 10_000, 2000);
        List<LocalFile> files = List.of(
                write("day=1/old.parquet", ParquetFiles.V1, v1, "1"),
                write("day=2/new.parquet", ParquetFiles.V2, v2, "2"));

        List<GenericRecord> read = readAll(files, new RowShape(DAY, List.of("day", "channel", "amount", "id")));

        assertThat(read).hasSize(5000);
        assertThat(read).allSatisfy(r -> assertThat(fieldNames(r)).containsExactly("day", "channel", "amount", "id"));
        for (int i = 0; i < v1.size(); i++) {
            GenericRecord r = read.get(i);
            assertThat(r.get("id")).isEqualTo(v1.get(i).get("id"));
            assertThat(r.get("amount")).isEqualTo(v1.get(i).get("amount"));
            assertThat(r.get("channel")).isNull();
            assertThat(r.get("day")).isEqualTo(1);
        }
        for (int i = 0; i < v2.size(); i++) {
            GenericRecord r = read.get(v1.size() + i);
            assertThat(r.get("id")).isEqualTo(v2.get(i).get("id"));
            assertThat(r.get("channel")).isEqualTo(v2.get(i).get("channel"));
            assertThat(r.get("day")).isEqualTo(2);
        }
    }

    @Test
    void filesWithoutAnAvroSchemaAreProjectedByTheirParquetColumnsNamedAsAskedWhateverTheirCase() throws Exception {
        Path file = dir.resolve("day=3/duck.parquet");
        Files.createDirectories(file.getParent());
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT i AS \"Id\", 'name-' || i AS label, (i * 0.5)::DOUBLE AS score, DATE '2024-01-01' + i::INT AS day"
                    + " FROM range(1000) t(i)) TO '" + file + "' (FORMAT parquet, ROW_GROUP_SIZE 100)");
        }
        List<LocalFile> files = List.of(new LocalFile(file, Map.of("day", "3"), Files.size(file)));

        List<GenericRecord> read = readAll(files, new RowShape(DAY, List.of("score", "id", "day")));

        assertThat(read).hasSize(1000);
        assertThat(fieldNames(read.get(0))).containsExactly("score", "id", "day");
        assertThat(read.get(7).get("id")).isEqualTo(7L);
        assertThat(read.get(7).get("score")).isEqualTo(3.5);
        // The partition's value, not the file's column of the same name, as Hive reads it.
        assertThat(read).extracting(r -> r.get("day")).containsOnly(3);
    }

    @Test
    void onlyPartitionColumnsStillGiveOneRecordPerRow() throws Exception {
        List<LocalFile> files = List.of(
                write("day=1/a.parquet", ParquetFiles.V1, ParquetFiles.rows(ParquetFiles.V1, 0, 1234), "1"),
                write("day=2/b.parquet", ParquetFiles.V2, ParquetFiles.rows(ParquetFiles.V2, 0, 766), "2"));

        List<GenericRecord> read = readAll(files, new RowShape(DAY, List.of("day")));

        assertThat(read).hasSize(2000);
        assertThat(read.stream().filter(r -> r.get("day").equals(1))).hasSize(1234);
        assertThat(read).allSatisfy(r -> assertThat(fieldNames(r)).containsExactly("day"));
    }

    @Test
    void allColumnsAreTheFilesThenThePartitionColumns() throws Exception {
        List<LocalFile> files = List.of(
                write("day=1/a.parquet", ParquetFiles.V1, ParquetFiles.rows(ParquetFiles.V1, 0, 10), "1"));

        List<GenericRecord> read = readAll(files, RowShape.allColumns(DAY));

        assertThat(fieldNames(read.get(0))).containsExactly("id", "amount", "at", "discount", "tags", "day");
    }

    @Test
    void noColumnsAskedForAreTheTablesDeclaredColumnsWhateverEachFileHolds() throws Exception {
        // The table as it is now: "channel" added after the old file was written; "discount",
        // "at" and "tags" dropped from it, though every file still holds them.
        Table table = new Table(TableRef.parse("db.sales"), List.of(new Column("id", "bigint", null),
                new Column("channel", "int", null), new Column("amount", "decimal(12,2)", null)),
                List.of(new Column("day", "int", null)), "s3://bucket/sales", StorageFormat.PARQUET, "EXTERNAL_TABLE", Map.of());
        List<LocalFile> files = List.of(
                write("day=1/old.parquet", ParquetFiles.V1, ParquetFiles.rows(ParquetFiles.V1, 0, 10), "1"),
                write("day=2/new.parquet", ParquetFiles.V2, ParquetFiles.rows(ParquetFiles.V2, 100, 10), "2"));

        List<GenericRecord> read = readAll(files, RowShape.of(table, DAY, List.of()));

        assertThat(read).hasSize(20)
                .allSatisfy(r -> assertThat(fieldNames(r)).containsExactly("id", "channel", "amount", "day"));
        assertThat(read.get(0).get("channel")).isNull();
        assertThat(read.get(10).get("id")).isEqualTo(100L);
    }

    @Test
    void valuesAFileWroteNarrowerThanTheTableDeclaresComeAsTheDeclaredType() throws Exception {
        Table table = new Table(TableRef.parse("db.scores"), List.of(new Column("id", "bigint"),
                new Column("score", "double"), new Column("price", "decimal(18,4)"), new Column("note", "string")),
                List.of(new Column("day", "int")), "s3://bucket/scores", StorageFormat.PARQUET, "EXTERNAL_TABLE", Map.of());
        List<LocalFile> files = List.of(
                RecordFiles.writeWithDuckDb(dir, "day=1/old.parquet",
                        "1::INTEGER AS id, 1.5::FLOAT AS score, 1.5::DECIMAL(9,2) AS price, 'a' AS note"),
                RecordFiles.writeWithDuckDb(dir, "day=1/new.parquet",
                        "NULL::BIGINT AS id, 2.25::DOUBLE AS score, 2.125::DECIMAL(20,6) AS price, 'b' AS note"));

        List<GenericRecord> read = readAll(files, RowShape.of(table, DAY, List.of()));

        assertThat(read).extracting(r -> r.get("id")).containsExactly(1L, null);
        assertThat(read).extracting(r -> r.get("score")).containsExactly(1.5, 2.25);
        assertThat(read).extracting(r -> r.get("price"))
                .containsExactly(new java.math.BigDecimal("1.5000"), new java.math.BigDecimal("2.1250"));
        assertThat(read).extracting(r -> r.get("note").toString()).containsExactly("a", "b");
        assertThat(read.get(0).getSchema()).isEqualTo(read.get(1).getSchema()); // one schema, whatever the file
    }

    @Test
    void optionsRefuseAnEmptyOrRepeatedColumnName() {
        assertThatThrownBy(() -> RecordOptions.defaults().withColumns("id", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> RecordOptions.defaults().withColumns("id", "amount", "ID"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ID is named twice");
        assertThat(RecordOptions.defaults().withColumns("id").inAnyOrder().withThreads(2).columns())
                .containsExactly("id");
    }

    private LocalFile write(String relative, Schema schema, List<GenericRecord> rows, String day) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        ParquetFiles.write(file, schema, rows, CompressionCodecName.SNAPPY);
        return new LocalFile(file, Map.of("day", day), Files.size(file));
    }

    private static List<GenericRecord> readAll(List<LocalFile> files, RowShape shape) {
        List<GenericRecord> read = new ArrayList<>();
        try (ReadAheadRecords rows = new ReadAheadRecords(files, shape, 2, true, s -> { })) {
            rows.forEachRemaining(read::add);
        }
        return read;
    }

    private static List<String> fieldNames(GenericRecord record) {
        return record.getSchema().getFields().stream().map(Schema.Field::name).toList();
    }
}
