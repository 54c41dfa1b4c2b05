package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.catalog.Column;
import io.tableload.catalog.Partition;
import io.tableload.catalog.StorageFormat;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WherePruningTest {
    private static final Table SALES = new Table(new TableRef("db", "sales"),
            List.of(new Column("amount", "double"), new Column("note", "string")),
            List.of(new Column("country", "string"), new Column("dt", "date"), new Column("hour", "int")),
            "s3://b/sales", StorageFormat.PARQUET, "EXTERNAL_TABLE", Map.of());
    private static final List<Partition> PARTITIONS = List.of(
            partition("FI", "2024-01-01", "9"), partition("FI", "2024-01-02", "10"), partition("SE", "2024-01-01", "23"),
            partition("SE", "2024-01-03", "0"), partition("NO", null, "5"));

    @Test
    void termsOnPartitionColumnsLeaveOutThePartitionsTheyExclude() {
        assertThat(kept("dt >= '2024-01-02' AND amount > 100")).containsExactly("FI/2024-01-02/10", "SE/2024-01-03/0");
        assertThat(kept("amount > 100 AND (country = 'FI' OR country = 'NO')"))
                .containsExactly("FI/2024-01-01/9", "FI/2024-01-02/10", "NO/null/5");
        assertThat(kept("hour + 1 > 10 AND note LIKE 'x%' AND country IN ('SE')")).containsExactly("SE/2024-01-01/23");
        assertThat(kept("((dt = DATE '2024-01-01') AND (amount > 1 AND hour < 10))")).containsExactly("FI/2024-01-01/9");
    }

    @Test
    void valuesCompareAsTheirTypesAsInTheExtractsView() {
        assertThat(kept("hour > 9")).as("numbers, not text").containsExactly("FI/2024-01-02/10", "SE/2024-01-01/23");
        assertThat(kept("dt BETWEEN '2024-01-02' AND '2024-01-31'")).containsExactly("FI/2024-01-02/10", "SE/2024-01-03/0");
        assertThat(kept("dt IS NULL")).containsExactly("NO/null/5");
        assertThat(kept("dt > '2024-01-01'")).as("a NULL value is not greater").doesNotContain("NO/null/5");
    }

    @Test
    void termsThatMixInOtherColumnsOrCannotBeSettledByValuesPruneNothing() {
        for (String where : List.of("amount > 100", "countryside = 1", "note = 'country = XX'",
                "country = 'FI' OR amount > 100", "random() < 0.5 OR hour > 5",
                "sales.country = 'XX'", "country IN (SELECT 'XX')", "list_contains(['XX'], country) AND false = false OR true",
                "this is not sql", "no_such_function(country) = 1", "dt = 'not a date'")) {
            assertThat(kept(where)).as(where).hasSize(PARTITIONS.size());
        }
        assertThat(kept("random() < 2 AND country = 'SE'")).as("the random term is left out, the other one kept")
                .containsExactly("SE/2024-01-01/23", "SE/2024-01-03/0");
    }

    @Test
    void partitionColumnsNamedAsSqlKeywordsAreReadAsColumns() {
        Table events = new Table(new TableRef("db", "events"), List.of(new Column("amount", "double")),
                List.of(new Column("group", "string"), new Column("date", "date")), "s3://b/events", StorageFormat.PARQUET,
                "EXTERNAL_TABLE", Map.of());
        List<Partition> partitions = List.of(
                Partition.of(Map.of("group", "a", "date", "2024-01-01"), "s3://b/events/a1", StorageFormat.PARQUET),
                Partition.of(Map.of("group", "b", "date", "2024-01-02"), "s3://b/events/b2", StorageFormat.PARQUET));

        assertThat(WherePruning.prune(events, partitions, "\"group\" = 'b' AND \"date\" > '2024-01-01' AND amount > 0"))
                .containsExactly(partitions.get(1));
    }

    @Test
    void aTermNoPartitionSatisfiesLeavesNone() {
        assertThat(kept("country = 'XX' AND amount > 0")).isEmpty();
    }

    private static List<String> kept(String where) {
        return WherePruning.prune(SALES, PARTITIONS, where).stream()
                .map(p -> p.values().get("country") + "/" + p.values().get("dt") + "/" + p.values().get("hour")).toList();
    }

    private static Partition partition(String country, String dt, String hour) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("country", country);
        values.put("dt", dt);
        values.put("hour", hour);
        return Partition.of(values, "s3://b/sales/" + country + "/" + dt + "/" + hour, StorageFormat.PARQUET);
    }
}
