package io.tableload.catalog.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.MetastoreSettings;
import io.tableload.catalog.Partition;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.PartitionPaths;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableRef;
import io.tableload.sandbox.Directories;
import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.hms.HiveTestData.PartitionSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What partition filtering returns, whichever way the catalog gets there: the subclasses run
 * these same checks with the filter pushed to a direct-SQL metastore, evaluated locally over the
 * partition names, and against a metastore that evaluates filters with JDO only. Expected paths
 * are written out in the reporting order, so every check also checks the order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PartitionFilteringContract {
    /** Values with characters Hive escapes in names and paths, and others that filters must quote. */
    static final List<String> ODD_VALUES = List.of("a/b", "c:d", "e=f", "50%", "#tag", "what?", "O'Brien", "x,y",
            "two words", "Zürich", "東京", "back\\slash", "semi;colon", "(paren)");

    private HiveMetastoreCatalog catalog;
    private Table events;
    private Table years;
    private Table odd;
    private Path localPartition;

    /** The metastore to run against. */
    abstract String metastoreUri();

    /** A database name of its own, so subclasses sharing a metastore do not collide. */
    abstract String database();

    /** The catalog settings under test. */
    MetastoreSettings settings(String uri) {
        return Catalogs.settings(uri);
    }

    @BeforeAll
    void createTables() throws IOException {
        String db = database();
        localPartition = Files.createTempDirectory("catalog-local-partition");
        try (HiveTestData data = HiveTestData.connect(metastoreUri())) {
            data.createDatabase(db);
            data.table(db, "events").column("id", "bigint").partitionKey("country", "string").partitionKey("dt", "date")
                    .location("s3://bucket/" + db + "/events").create();
            data.addPartitions(db, "events", List.of(
                    PartitionSpec.of("FI", "2024-01-02"), PartitionSpec.of("FI", "2024-01-01"),
                    PartitionSpec.of("FI", "2024-01-03"), PartitionSpec.of("SE", "2024-01-01"),
                    PartitionSpec.of("SE", "2023-12-31"), PartitionSpec.of("DK", null),
                    PartitionSpec.of(null, "2024-01-02"),
                    new PartitionSpec(List.of("NO", "2024-02-01"), "s3a://other/moved/no-feb/"),
                    new PartitionSpec(List.of("EE", "2024-01-05"), localPartition.toUri().toString())));
            data.table(db, "years").column("id", "bigint").partitionKey("year", "int")
                    .location("s3://bucket/" + db + "/years").create();
            List<PartitionSpec> yearSpecs = new ArrayList<>();
            for (String y : new String[] {"2020", "9", "2021", "100", "10", "2019", null}) {
                yearSpecs.add(PartitionSpec.of(y));
            }
            data.addPartitions(db, "years", yearSpecs);
            data.table(db, "odd").column("id", "bigint").partitionKey("k", "string")
                    .location("s3://bucket/" + db + "/odd").create();
            List<PartitionSpec> oddSpecs = new ArrayList<>();
            ODD_VALUES.forEach(v -> oddSpecs.add(PartitionSpec.of(v)));
            oddSpecs.add(PartitionSpec.of((String) null));
            data.addPartitions(db, "odd", oddSpecs);
        }
        catalog = HiveMetastoreCatalog.open(settings(metastoreUri()));
        events = catalog.table(new TableRef(db, "events"));
        years = catalog.table(new TableRef(db, "years"));
        odd = catalog.table(new TableRef(db, "odd"));
    }

    @AfterAll
    void closeCatalog() {
        catalog.close();
        Directories.deleteRecursively(localPartition);
    }

    @Test
    void allPartitionsComeInValueOrderWithNullLast() {
        assertThat(paths(events)).containsExactly(
                "country=DK/dt=__HIVE_DEFAULT_PARTITION__", "country=EE/dt=2024-01-05",
                "country=FI/dt=2024-01-01", "country=FI/dt=2024-01-02", "country=FI/dt=2024-01-03",
                "country=NO/dt=2024-02-01", "country=SE/dt=2023-12-31", "country=SE/dt=2024-01-01",
                "country=__HIVE_DEFAULT_PARTITION__/dt=2024-01-02");
    }

    @Test
    void everyComparisonOperatorOnAStringKey() {
        assertThat(paths(events, "country=FI")).containsExactly(
                "country=FI/dt=2024-01-01", "country=FI/dt=2024-01-02", "country=FI/dt=2024-01-03");
        assertThat(paths(events, "country!=FI")).containsExactly("country=DK/dt=__HIVE_DEFAULT_PARTITION__",
                "country=EE/dt=2024-01-05", "country=NO/dt=2024-02-01", "country=SE/dt=2023-12-31",
                "country=SE/dt=2024-01-01");
        assertThat(paths(events, "country<FI")).containsExactly("country=DK/dt=__HIVE_DEFAULT_PARTITION__",
                "country=EE/dt=2024-01-05");
        assertThat(paths(events, "country<=EE")).containsExactly("country=DK/dt=__HIVE_DEFAULT_PARTITION__",
                "country=EE/dt=2024-01-05");
        assertThat(paths(events, "country>NO")).containsExactly("country=SE/dt=2023-12-31", "country=SE/dt=2024-01-01");
        assertThat(paths(events, "country>=NO")).containsExactly("country=NO/dt=2024-02-01",
                "country=SE/dt=2023-12-31", "country=SE/dt=2024-01-01");
        assertThat(paths(events, "country in (SE,NO,XX)")).containsExactly("country=NO/dt=2024-02-01",
                "country=SE/dt=2023-12-31", "country=SE/dt=2024-01-01");
    }

    @Test
    void dateKeysCompareAsDates() {
        assertThat(paths(events, "dt>=2024-01-02")).containsExactly("country=EE/dt=2024-01-05",
                "country=FI/dt=2024-01-02", "country=FI/dt=2024-01-03", "country=NO/dt=2024-02-01",
                "country=__HIVE_DEFAULT_PARTITION__/dt=2024-01-02");
        assertThat(paths(events, "dt<2024-01-01")).containsExactly("country=SE/dt=2023-12-31");
        assertThat(paths(events, "dt=2024-01-01")).containsExactly("country=FI/dt=2024-01-01", "country=SE/dt=2024-01-01");
        assertThat(paths(events, "dt in (2024-02-01, 2023-12-31)")).containsExactly("country=NO/dt=2024-02-01",
                "country=SE/dt=2023-12-31");
    }

    @Test
    void integerKeysCompareAsNumbersNotAsText() {
        assertThat(values(years, "year>9")).containsExactly("10", "100", "2019", "2020", "2021");
        assertThat(values(years, "year>2020")).containsExactly("2021");
        assertThat(values(years, "year<=10")).containsExactly("9", "10");
        assertThat(values(years, "year<100")).containsExactly("9", "10");
        assertThat(values(years, "year>=2020")).containsExactly("2020", "2021");
        assertThat(values(years, "year!=2020")).containsExactly("9", "10", "100", "2019", "2021");
        assertThat(values(years, "year=10")).containsExactly("10");
        assertThat(values(years, "year in (9,100)")).containsExactly("9", "100");
        assertThat(values(years)).containsExactly("9", "10", "100", "2019", "2020", "2021", null);
    }

    @Test
    void isNullSelectsTheDefaultPartitionAsNull() {
        List<Partition> nullCountry = catalog.partitions(events, PartitionFilter.parse("country is null"));
        assertThat(nullCountry).hasSize(1);
        assertThat(nullCountry.get(0).values()).containsEntry("country", null).containsEntry("dt", "2024-01-02");
        assertThat(paths(events, "dt is null")).containsExactly("country=DK/dt=__HIVE_DEFAULT_PARTITION__");
        assertThat(values(years, "year is null")).containsExactly((String) null);
        assertThat(values(years, "year is not null")).hasSize(6).doesNotContainNull();
    }

    @Test
    void isLatestKeepsTheGreatestValueAmongWhatTheRestOfTheSpecSelects() {
        assertThat(paths(events, "country=FI,dt is latest")).containsExactly("country=FI/dt=2024-01-03");
        assertThat(paths(events, "dt is latest")).containsExactly("country=NO/dt=2024-02-01");
        assertThat(paths(events, "dt<2024-01-02,dt is latest")) // two countries' partitions of that day
                .containsExactly("country=FI/dt=2024-01-01", "country=SE/dt=2024-01-01");
        assertThat(paths(events, "country=SE,dt is latest", "country=FI,dt IS LATEST"))
                .containsExactly("country=FI/dt=2024-01-03", "country=SE/dt=2024-01-01");
        assertThat(paths(events, "country is latest,dt is latest")).containsExactly("country=SE/dt=2024-01-01");
        assertThat(paths(events, "country=XX,dt is latest")).isEmpty();
        assertThat(values(years, "year is latest")).containsExactly("2021"); // as numbers: as text, 9 is the greatest
    }

    @Test
    void predicatesInASpecAreAndedAndSpecsAreOred() {
        assertThat(paths(events, "country=FI,dt>2024-01-01")).containsExactly(
                "country=FI/dt=2024-01-02", "country=FI/dt=2024-01-03");
        assertThat(paths(events, "country=SE", "dt=2024-01-03")).containsExactly("country=FI/dt=2024-01-03",
                "country=SE/dt=2023-12-31", "country=SE/dt=2024-01-01");
        assertThat(paths(events, "country=SE,dt<2024-01-01", "dt is null", "country=NO")).containsExactly(
                "country=DK/dt=__HIVE_DEFAULT_PARTITION__", "country=NO/dt=2024-02-01", "country=SE/dt=2023-12-31");
        assertThat(paths(events, "country=FI,country=SE")).isEmpty();
        assertThat(paths(events, "country=FI", "dt=2024-01-01", "country in (FI,NO)")).containsExactly(
                "country=FI/dt=2024-01-01", "country=FI/dt=2024-01-02", "country=FI/dt=2024-01-03",
                "country=NO/dt=2024-02-01", "country=SE/dt=2024-01-01");
    }

    @Test
    void locationsAreNormalizedAndMayLieOutsideTheTable() {
        Map<String, String> byPath = new HashMap<>();
        catalog.partitions(events, PartitionFilter.all()).forEach(p -> byPath.put(p.path(), p.location()));

        assertThat(byPath.get("country=NO/dt=2024-02-01")).isEqualTo("s3://other/moved/no-feb");
        assertThat(byPath.get("country=EE/dt=2024-01-05")).isEqualTo("file:" + localPartition);
        assertThat(byPath.get("country=FI/dt=2024-01-01")).isEqualTo(events.location() + "/country=FI/dt=2024-01-01");
        assertThat(events.location()).isEqualTo("s3://bucket/" + database() + "/events");
    }

    @Test
    void oddValuesComeBackUnescapedAndEachSelectsItsOwnPartition() {
        for (String v : ODD_VALUES) {
            List<Partition> found = catalog.partitions(odd, PartitionFilter.parse("k='" + v.replace("'", "''") + "'"));

            assertThat(found).as(v).hasSize(1);
            Partition p = found.get(0);
            assertThat(p.values()).as(v).containsExactly(Map.entry("k", v));
            // The server placed the partition: its path must be the one Hive escapes, as ours is.
            assertThat(p.location()).as(v).isEqualTo(odd.location() + "/k=" + PartitionPaths.escape(v));
        }
        assertThat(catalog.partitions(odd, PartitionFilter.all())).hasSize(ODD_VALUES.size() + 1)
                .extracting(p -> p.values().get("k")).endsWith((String) null);
    }

    @Test
    void oddValuesWorkInListsAndRanges() {
        assertThat(values(odd, "k in ('O''Brien','x,y', 'two words', 東京)"))
                .containsExactly("O'Brien", "two words", "x,y", "東京");
        List<String> below = ODD_VALUES.stream().filter(v -> v.compareTo("b") < 0).sorted().toList();
        assertThat(values(odd, "k<b")).containsExactlyElementsOf(below);
        List<String> notSlash = ODD_VALUES.stream().filter(v -> !v.equals("a/b")).sorted().toList();
        assertThat(values(odd, "k!='a/b'")).containsExactlyElementsOf(notSlash);
    }

    @Test
    void aQuoteInAValueCannotChangeTheFilter() {
        assertThat(catalog.partitions(odd, PartitionFilter.parse("k='FI'' or ''a''=''a'"))).isEmpty();
        assertThat(catalog.partitions(events, PartitionFilter.parse("country='FI'' or ''a''=''a'"))).isEmpty();
        assertThat(catalog.partitions(events, PartitionFilter.parse("country='FI\" or \"a\"=\"a'"))).isEmpty();
        assertThat(catalog.partitions(events, PartitionFilter.parse("country='FI) or (country=SE'"))).isEmpty();
        assertThat(catalog.partitions(events, PartitionFilter.parse("country='FI\") or (country<>\"x'"))).isEmpty();
        assertThat(catalog.partitions(events, PartitionFilter.parse("country in ('SE'') or (country<>''x', DK)")))
                .extracting(p -> p.values().get("country")).containsExactly("DK");
        assertThat(values(odd, "k='(paren)' ")).containsExactly("(paren)");
        assertThat(values(odd, "k='semi;colon'")).containsExactly("semi;colon");
        assertThatThrownBy(() -> PartitionFilter.parse("country=FI' or 'a'='a"))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
    }

    @Test
    void aValueNotOfTheKeyTypeOrAnUnknownKeyIsAUsageError() {
        assertThatThrownBy(() -> catalog.partitions(years, PartitionFilter.parse("year>abc")))
                .isInstanceOfSatisfying(TableloadException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(e.getMessage()).contains("year>abc").contains("abc");
                });
        assertThatThrownBy(() -> catalog.partitions(events, PartitionFilter.parse("dt>=yesterday")))
                .hasMessageContaining("dt>=yesterday").hasMessageContaining("date");
        assertThatThrownBy(() -> catalog.partitions(events, PartitionFilter.parse("region=EU")))
                .hasMessageContaining("no partition key \"region\"").hasMessageContaining("country, dt");
    }

    HiveMetastoreCatalog catalog() {
        return catalog;
    }

    List<String> paths(Table table, String... specs) {
        return catalog.partitions(table, PartitionFilter.parse(Arrays.asList(specs))).stream().map(Partition::path).toList();
    }

    /** The values of a one-key table's matching partitions, in order. */
    List<String> values(Table table, String... specs) {
        String key = table.partitionKeys().get(0).name();
        return catalog.partitions(table, PartitionFilter.parse(Arrays.asList(specs))).stream()
                .map(p -> p.values().get(key)).toList();
    }
}
