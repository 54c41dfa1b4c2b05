package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values bound to a query's {@code ?} placeholders ({@link QueryParameters}), in queries and streams. */
class QueryParametersTest {
    private static final List<PartitionColumn> PARTITION_COLUMNS =
            List.of(new PartitionColumn("country", "string"), new PartitionColumn("dt", "date"));

    @TempDir Path dir;
    private List<LocalFile> files;

    @BeforeEach
    void writeTwoPartitions() throws Exception {
        files = ParquetFiles.writeCountryDayFiles(dir, 3000, List.of(List.of("FI", "2024-01-01"), List.of("SE", "2024-01-02")));
    }

    @Test
    void valuesOfEachTypeSelectTheRowsTheyName() {
        try (DuckDbTable table = new DuckDbTable("sales", PARTITION_COLUMNS, files)) {
            assertThat(count(table, "country = ? AND id < ?", "FI", 100)).isEqualTo(100);
            assertThat(count(table, "country = ?", new Utf8("SE"))).isEqualTo(3000);
            assertThat(count(table, "dt = ?", LocalDate.of(2024, 1, 2))).isEqualTo(3000);
            assertThat(count(table, "dt >= ?", LocalDateTime.of(2024, 1, 1, 12, 0))).isEqualTo(3000);
            assertThat(count(table, "dt < ?", Instant.parse("2024-01-02T00:00:00Z"))).isEqualTo(3000);
            assertThat(count(table, "id BETWEEN ? AND ?", 10L, new BigDecimal("19"))).isEqualTo(10);
            assertThat(count(table, "(id < ?) = ?", 2.5, true)).isEqualTo(3);
            assertThat(count(table, "country = coalesce(?, 'FI')", (Object) null)).isEqualTo(3000);
        }
    }

    @Test
    void aValueIsNeverSqlText() {
        try (DuckDbTable table = new DuckDbTable("sales", PARTITION_COLUMNS, files)) {
            assertThat(count(table, "country = ?", "FI' OR '1' = '1")).isZero();
        }
    }

    @Test
    void aStreamTakesParametersAsAQueryDoes() {
        try (DuckDbTable table = new DuckDbTable("sales", PARTITION_COLUMNS, files);
                QueryStream ids = table.stream("SELECT id FROM sales WHERE country = ? AND id >= ? ORDER BY id", "SE", 5995)) {
            List<Object> got = new ArrayList<>();
            ids.forEachRemaining(row -> got.add(row.get(0)));

            assertThat(got).containsExactly(5995L, 5996L, 5997L, 5998L, 5999L);
        }
    }

    @Test
    void aQueryWithoutPlaceholdersTakesNoValues() {
        try (DuckDbTable table = new DuckDbTable("sales", PARTITION_COLUMNS, files)) {
            assertThat(table.query("SELECT count(*) FROM sales WHERE country = 'FI'").rows()).containsExactly(List.of(3000L));
            assertThatThrownBy(() -> table.query("SELECT count(*) FROM sales", "FI"))
                    .isInstanceOf(TableloadException.class).hasMessageContaining("0 ? placeholder(s) and 1 value(s)");
        }
    }

    @Test
    void aParameterOfAnotherTypeOrAMissingOneIsAUsageError() {
        try (DuckDbTable table = new DuckDbTable("sales", PARTITION_COLUMNS, files)) {
            assertThatThrownBy(() -> table.query("SELECT count(*) FROM sales WHERE country = ?", new StringBuilder("FI").chars()))
                    .isInstanceOf(TableloadException.class).hasMessageContaining("query parameter 1")
                    .extracting(e -> ((TableloadException) e).code()).isEqualTo(ErrorCode.USAGE);
            assertThatThrownBy(() -> table.query("SELECT count(*) FROM sales WHERE country = ? AND id < ?", "FI"))
                    .isInstanceOf(TableloadException.class).hasMessageContaining("2 ? placeholder(s) and 1 value(s)")
                    .extracting(e -> ((TableloadException) e).code()).isEqualTo(ErrorCode.USAGE);
            assertThatThrownBy(() -> table.stream("SELECT id FROM sales WHERE country = ?", List.of("FI")))
                    .isInstanceOf(TableloadException.class).hasMessageContaining("java.util")
                    .extracting(e -> ((TableloadException) e).code()).isEqualTo(ErrorCode.USAGE);
        }
    }

    private static long count(DuckDbTable table, String where, Object... parameters) {
        return (Long) table.query("SELECT count(*) FROM sales WHERE " + where, parameters).rows().get(0).get(0);
    }
}
