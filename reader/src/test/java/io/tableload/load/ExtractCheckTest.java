package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.Column;
import io.tableload.catalog.StorageFormat;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableRef;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ExtractCheck}: an extract bound against a table's declared columns in a real DuckDB, with no data. */
class ExtractCheckTest {
    private static final List<PartitionColumn> PARTITIONS =
            List.of(new PartitionColumn("country", "string"), new PartitionColumn("dt", "date"));
    private static final Table SALES = table(List.of(new Column("id", "bigint"), new Column("product", "string"),
            new Column("amount", "decimal(12,2)"), new Column("tags", "array<string>"),
            new Column("buyer", "struct<name:string,age:int>")));

    private Connection connection;

    @BeforeEach
    void open() throws Exception {
        connection = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    @Test
    void aMisspeltColumnIsAUsageErrorNamingItAndTheCandidates() throws Exception {
        TableloadException e = problem(SALES, "prodcut = 'lamp'").orElseThrow();

        assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
        assertThat(e.getMessage())
                .startsWith("cannot select rows where prodcut = 'lamp': Binder Error: Referenced column \"prodcut\" not found")
                .contains("Candidate bindings", "\"product\"")
                .contains("checked against the columns db.sales declares, without reading its files")
                .doesNotContain("LINE 1"); // DuckDB's echo of the SQL is left out
    }

    @Test
    void aSyntaxErrorAnUnknownFunctionAndAnUnknownTableAreUsageErrors() throws Exception {
        assertThat(problem(SALES, "amount >")).hasValueSatisfying(e -> assertThat(e.getMessage()).contains("Parser Error"));
        assertThat(problem(SALES, "lenght(product) > 3")).hasValueSatisfying(e -> assertThat(e.getMessage())
                .contains("Catalog Error", "lenght", "Did you mean \"length\""));
        assertThat(problem(SALES, "other.id = 1")).hasValueSatisfying(e -> assertThat(e.getMessage())
                .contains("Referenced table \"other\" not found"));
    }

    @Test
    void aGoodExtractOverDataPartitionAndNestedColumnsPasses() throws Exception {
        assertThat(problem(SALES, "country = 'FI' AND dt >= DATE '2024-01-01' AND amount > 10.5"
                + " AND tags[1] = 'new' AND buyer.age > 30 AND upper(product) LIKE 'L%'")).isEmpty();
        Extract columnsAndLimit = new Extract(Optional.of("ID > 3"), List.of("product", "country"), OptionalLong.of(5),
                Path.of("out.csv"));
        assertThat(ExtractCheck.problem(connection, "sales", SALES, PARTITIONS, columnsAndLimit)).isEmpty();
    }

    @Test
    void errorsThatCouldComeFromTheFilesTypesAreLeftToTheRealQuery() throws Exception {
        // The metastore says bigint; had a file stored the column as text, upper() would bind there.
        assertThat(problem(SALES, "upper(id) = 'X'")).isEmpty();
        // A struct field the metastore does not list might still be in the files.
        assertThat(problem(SALES, "buyer.city = 'Oslo'")).isEmpty();
    }

    @Test
    void aTableWithATypeDuckDbCannotDeclareIsNotChecked() throws Exception {
        Table withUnion = table(List.of(new Column("id", "bigint"), new Column("u", "uniontype<int,string>")));

        assertThat(problem(withUnion, "prodcut = 'lamp'")).isEmpty();
    }

    @Test
    void theEmptyTableIsDroppedSoTheViewCanTakeItsName() throws Exception {
        assertThat(problem(SALES, "prodcut = 1")).isPresent();
        assertThat(problem(SALES, "id = 1")).isEmpty();

        try (Statement s = connection.createStatement()) {
            s.execute("CREATE VIEW sales AS SELECT 1 AS id");
        }
    }

    private Optional<TableloadException> problem(Table table, String where) throws Exception {
        Extract extract = new Extract(Optional.of(where), List.of(), OptionalLong.empty(), Path.of("out.parquet"));
        return ExtractCheck.problem(connection, "sales", table, PARTITIONS, extract);
    }

    private static Table table(List<Column> columns) {
        return new Table(TableRef.parse("db.sales"), columns,
                List.of(new Column("country", "string"), new Column("dt", "date")), "s3://bucket/sales",
                StorageFormat.PARQUET, "EXTERNAL_TABLE", Map.of());
    }
}
