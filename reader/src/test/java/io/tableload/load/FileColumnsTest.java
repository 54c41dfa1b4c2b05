package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileColumnsTest {
    @Test
    void theTopLevelColumnsComeWithTheirFieldIdsWhateverIsNestedBetweenThem(@TempDir Path dir) throws SQLException, IOException {
        Path file = dir.resolve("nested.parquet");
        try (Connection duckDb = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duckDb.createStatement()) {
            s.execute("COPY (SELECT 1 AS id, {'city': 'Oulu', 'geo': {'lat': 65.0, 'lon': 25.5}} AS address,"
                    + " [{'a': 1}] AS tags, MAP {'k': [1, 2]} AS scores, 'x' AS note) TO '" + file
                    + "' (FORMAT parquet, FIELD_IDS {id: 1, address: 2, tags: 5, scores: 9})");

            FileColumns columns = FileColumns.read(file);

            assertThat(columns.columns()).extracting(c -> c.name() + "=" + c.fieldId().orElse(-1))
                    .containsExactly("id=1", "address=2", "tags=5", "scores=9", "note=-1");
            assertThat(columns.hasFieldIds()).isTrue();
        }
    }

    @Test
    void aColumnIsFoundByTheNameTheTableGivesItsFieldIdOrWithoutAMappingByNameInAnyCase(@TempDir Path dir)
            throws SQLException, IOException {
        Path file = dir.resolve("renamed.parquet");
        try (Connection duckDb = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duckDb.createStatement()) {
            s.execute("COPY (SELECT 1 AS id, 2.5 AS amount, 'a' AS note) TO '" + file
                    + "' (FORMAT parquet, FIELD_IDS {id: 1, amount: 4, note: 7})");
            FileColumns columns = FileColumns.read(file);
            // amount (4) is now price; note (7) was dropped, and a new column (8) took its name.
            ColumnMapping mapping = new ColumnMapping(Map.of(1, "id", 4, "price", 8, "note"), Map.of());

            assertThat(columns.nameOf("price", Optional.of(mapping))).hasValue("amount");
            assertThat(columns.nameOf("note", Optional.of(mapping))).isEmpty();
            assertThat(columns.nameOf("AMOUNT", Optional.empty())).hasValue("amount");
        }
    }
}
