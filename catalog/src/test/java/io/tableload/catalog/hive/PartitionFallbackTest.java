package io.tableload.catalog.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.Partition;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableRef;
import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.hms.HiveTestData.PartitionSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Which metastore calls the catalog makes to prune partitions, watched through a relay in front
 * of a JDO-only metastore: pushdown where the metastore can filter, the names-then-fetch fallback
 * where it cannot, and an error (never a fallback to every partition) when a call fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitionFallbackTest {
    private static final String DB = "catalog_fallback";
    private static final String BY_FILTER = "get_partitions_by_filter_req";
    private static final String NAMES = "get_partition_names";
    private static final String BY_NAMES = "get_partitions_by_names_req";
    private static final int PARTITIONS = 1200;

    private MetastoreProxy proxy;
    private HiveMetastoreCatalog catalog;
    private Table many;
    private Table byCountry;

    @BeforeAll
    void createTables() {
        String uri = JdoMetastore.get().uri();
        try (HiveTestData data = HiveTestData.connect(uri)) {
            data.createDatabase(DB);
            data.table(DB, "many").column("id", "bigint").partitionKey("n", "int").location("s3://bucket/many").create();
            List<PartitionSpec> specs = new ArrayList<>();
            for (int i = 0; i < PARTITIONS; i++) {
                specs.add(PartitionSpec.of(Integer.toString(i)));
            }
            data.addPartitions(DB, "many", specs);
            data.table(DB, "by_country").column("id", "bigint").partitionKey("country", "string")
                    .location("s3://bucket/by_country").create();
            data.addPartitions(DB, "by_country", List.of(PartitionSpec.of("FI"), PartitionSpec.of("SE")));
        }
        proxy = MetastoreProxy.start(uri);
        catalog = Catalogs.open(proxy.uri());
        many = catalog.table(new TableRef(DB, "many"));
        byCountry = catalog.table(new TableRef(DB, "by_country"));
    }

    @AfterAll
    void close() {
        catalog.close();
        proxy.close();
    }

    @BeforeEach
    void reset() {
        proxy.clearDrops();
        proxy.clearCalls();
    }

    @Test
    void aFilterTheMetastoreCanEvaluateIsPushedDownAlone() {
        assertThat(catalog.partitions(byCountry, PartitionFilter.parse("country=FI"))).hasSize(1);

        assertThat(proxy.calls()).containsExactly(BY_FILTER);
    }

    @Test
    void oredSpecsArePushedDownOneCallEachAndOverlapsComeOnce() {
        assertThat(catalog.partitions(byCountry, PartitionFilter.parse("country=FI", "country in (FI,SE)")))
                .extracting(p -> p.values().get("country")).containsExactly("FI", "SE");

        assertThat(proxy.calls()).containsExactly(BY_FILTER, BY_FILTER);
    }

    @Test
    void anIntegerFilterUnderJdoFallsBackToNamesAndFetchesOnlyTheMatchesInBatches() {
        List<Partition> found = catalog.partitions(many, PartitionFilter.parse("n>=100"));

        assertThat(found).hasSize(PARTITIONS - 100);
        assertThat(found.get(0).values()).containsEntry("n", "100");
        assertThat(found.get(found.size() - 1).values()).containsEntry("n", Integer.toString(PARTITIONS - 1));
        // 1,100 matches fetched 500 at a time: three by-names calls, and nothing fetched the other 100.
        assertThat(proxy.calls()).containsExactly(BY_FILTER, NAMES, BY_NAMES, BY_NAMES, BY_NAMES);
    }

    @Test
    void aSelectiveFallbackFetchesOneBatch() {
        assertThat(catalog.partitions(many, PartitionFilter.parse("n in (7, 700)", "n=1199")))
                .extracting(p -> p.values().get("n")).containsExactly("7", "700", "1199");

        assertThat(proxy.calls()).containsExactly(BY_FILTER, NAMES, BY_NAMES);
    }

    @Test
    void aFilterWithNoMetastoreFormGoesStraightToNames() {
        assertThat(catalog.partitions(byCountry, PartitionFilter.parse("country is null"))).isEmpty();

        assertThat(proxy.calls()).containsExactly(NAMES); // nothing matched: nothing to fetch
    }

    @Test
    void aDroppedConnectionIsRetriedOnAFreshOne() {
        proxy.dropConnectionOn(BY_FILTER, 1);

        assertThat(catalog.partitions(byCountry, PartitionFilter.parse("country=SE"))).hasSize(1);
        assertThat(proxy.calls()).containsExactly(BY_FILTER, BY_FILTER);
    }

    @Test
    void aFilterCallThatKeepsFailingIsAnErrorNotAFallbackToEveryPartition() {
        proxy.dropConnectionOn(BY_FILTER, Integer.MAX_VALUE);

        assertThatThrownBy(() -> catalog.partitions(byCountry, PartitionFilter.parse("country=SE")))
                .isInstanceOfSatisfying(TableloadException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE);
                    assertThat(e.getMessage()).contains(DB + ".by_country");
                });
        assertThat(proxy.calls()).containsOnly(BY_FILTER);
    }

    @Test
    void aFetchByNamesThatKeepsFailingIsAnErrorNotAPartialList() {
        proxy.dropConnectionOn(BY_NAMES, Integer.MAX_VALUE);

        assertThatThrownBy(() -> catalog.partitions(many, PartitionFilter.parse("n>=100")))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE));
        assertThat(proxy.calls()).doesNotContain("get_partitions", "get_partitions_req");
    }
}
