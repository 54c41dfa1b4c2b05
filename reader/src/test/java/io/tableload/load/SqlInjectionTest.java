package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partition values, file paths and {@code --columns} written to break out of DuckDB SQL: they
 * stay data or names, select exactly what they say, and run no extra statement.
 */
class SqlInjectionTest {
    private static final String HOSTILE = "x'); DROP VIEW sales; --";
    private static final String HOSTILE_DATE_TEXT = "2024-01-01'); DROP VIEW sales; --";
    private static final List<PartitionColumn> COLUMNS =
            List.of(new PartitionColumn("country", "string"), new PartitionColumn("dt", "date"));

    @TempDir Path dir;
    private List<LocalFile> files;

    @BeforeEach
    void writeFilesUnderHostileNames() throws Exception {
        // The directory names carry the same text, so the read_parquet file list is tested too.
        Path hostile = dir.resolve("country=" + HOSTILE.replace('/', '_') + "']/dt=2024-01-01/part-0.parquet");
        Path plain = dir.resolve("country=FI/dt=2024-01-02/part-0.parquet");
        Files.createDirectories(hostile.getParent());
        Files.createDirectories(plain.getParent());
        ParquetFiles.write(hostile, ParquetFiles.V1, ParquetFiles.rows(ParquetFiles.V1, 0, 30), CompressionCodecName.SNAPPY);
        ParquetFiles.write(plain, ParquetFiles.V1, ParquetFiles.rows(ParquetFiles.V1, 100, 20), CompressionCodecName.SNAPPY);
        files = List.of(new LocalFile(hostile, values(HOSTILE, "2024-01-01"), Files.size(hostile)),
                new LocalFile(plain, values("FI", "2024-01-02"), Files.size(plain)));
    }

    private static Map<String, String> values(String country, String dt) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("country", country);
        m.put("dt", dt);
        return m;
    }

    @Test
    void aPartitionValueWrittenAsSqlIsKeptAsDataAndRunsNothing() {
        try (DuckDbTable table = new DuckDbTable("sales", COLUMNS, files)) {
            QueryResult byCountry = table.query("SELECT country, count(*) FROM sales GROUP BY ALL ORDER BY 1");

            assertThat(byCountry.rows()).containsExactly(List.of("FI", 20L), List.of(HOSTILE, 30L));
            assertThat(table.query("SELECT count(*) FROM sales WHERE country = 'FI'").rows()).containsExactly(List.of(20L));
            assertThat(table.query("SELECT count(*) FROM duckdb_views() WHERE view_name = 'sales'").rows())
                    .containsExactly(List.of(1L));
        }
    }

    @Test
    void aTypedPartitionValueThatIsNotItsTypeIsRefusedNotRun() {
        List<LocalFile> bad = List.of(new LocalFile(files.get(1).path(), values("FI", HOSTILE_DATE_TEXT), files.get(1).size()));

        assertThatThrownBy(() -> new DuckDbTable("sales", COLUMNS, bad).close())
                .isInstanceOf(TableloadException.class).hasMessageContaining("dt");
    }

    @Test
    void columnsWithQuotesAreNamesNotSqlAndSelectNothingElse() throws Exception {
        try (DuckDbTable table = new DuckDbTable("sales", COLUMNS, files)) {
            for (String column : List.of("id\" FROM sales; DROP VIEW sales; --", "id\"\"", "\"id\"", "id'")) {
                Path out = dir.resolve("out.csv");
                assertThatThrownBy(() -> table.export(new Extract(Optional.empty(), List.of("country", column),
                        OptionalLong.empty(), out)))
                        .as(column).isInstanceOfSatisfying(TableloadException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
                assertThat(out).doesNotExist();
            }
            Path out = dir.resolve("kept.csv");
            long rows = table.export(new Extract(Optional.of("country = " + DuckDbTable.quoteLiteral(HOSTILE)), List.of("id", "country"),
                    OptionalLong.empty(), out));

            assertThat(rows).isEqualTo(30);
            assertThat(Files.readAllLines(out)).hasSize(31).element(1).asString().endsWith("," + HOSTILE);
            assertThat(table.query("SELECT count(*) FROM sales").rows()).containsExactly(List.of(50L));
        }
    }
}
