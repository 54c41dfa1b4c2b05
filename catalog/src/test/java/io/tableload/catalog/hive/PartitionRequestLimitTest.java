package io.tableload.catalog.hive;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.catalog.Partition;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableRef;
import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.hms.HiveTestData.PartitionSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A metastore that refuses to return more than 3 partitions per call
 * ({@code metastore.limit.partition.request}, set on many production metastores): a selection of
 * more partitions still loads, fetched by name in batches the server accepts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitionRequestLimitTest {
    private static final String DB = "catalog_limited";
    private WatchedMetastore metastore;

    @BeforeAll
    void start() {
        metastore = WatchedMetastore.start(Map.of("metastore.limit.partition.request", "3"));
        try (HiveTestData data = HiveTestData.connect(metastore.hms.uri())) {
            data.createDatabase(DB);
            data.table(DB, "events").column("id", "bigint").partitionKey("day", "int")
                    .location("s3://bucket/events").create();
            data.addPartitions(DB, "events",
                    IntStream.rangeClosed(1, 10).mapToObj(d -> PartitionSpec.of(String.valueOf(d))).toList());
        }
    }

    @AfterAll
    void stop() {
        metastore.close();
    }

    @Test
    void aSelectionWithinTheLimitIsOneFilterCall() {
        try (HiveMetastoreCatalog catalog = Catalogs.open(metastore.proxy.uri())) {
            Table events = catalog.table(new TableRef(DB, "events"));
            metastore.proxy.clearCalls();

            assertThat(days(catalog.partitions(events, PartitionFilter.parse("day<=3")))).containsExactly("1", "2", "3");
            assertThat(metastore.proxy.calls()).containsExactly("get_partitions_by_filter_req");
        }
    }

    @Test
    void aSelectionBeyondTheLimitIsFetchedInBatchesOfTheLimit() {
        try (HiveMetastoreCatalog catalog = Catalogs.open(metastore.proxy.uri())) {
            Table events = catalog.table(new TableRef(DB, "events"));
            metastore.proxy.clearCalls();

            assertThat(days(catalog.partitions(events, PartitionFilter.parse("day<=5"))))
                    .containsExactly("1", "2", "3", "4", "5");
            // Refused filter, names, refused batch of 5, then 3 + 2.
            assertThat(metastore.proxy.calls()).containsExactly("get_partitions_by_filter_req", "get_partition_names",
                    "get_partitions_by_names_req", "get_partitions_by_names_req", "get_partitions_by_names_req");

            metastore.proxy.clearCalls();
            assertThat(days(catalog.partitions(events, PartitionFilter.parse("day>0")))).hasSize(10);
            // The limit learnt is kept: 10 partitions in 4 batches, none refused.
            assertThat(metastore.proxy.calls()).containsExactly("get_partitions_by_filter_req", "get_partition_names",
                    "get_partitions_by_names_req", "get_partitions_by_names_req", "get_partitions_by_names_req",
                    "get_partitions_by_names_req");
        }
    }

    @Test
    void theLimitIsReadFromTheRefusalOnlyWhenItIsOne() {
        assertThat(PartitionRequestLimit.of(new MetaException("Number of partitions scanned (=5) on table 'events'"
                + " exceeds limit (=3). This is controlled on the metastore server by metastore.limit.partition.request.")))
                .hasValue(3);
        assertThat(PartitionRequestLimit.of(new MetaException("Filtering is supported only on partition keys of type string")))
                .isEmpty();
        assertThat(PartitionRequestLimit.of(new MetaException((String) null))).isEmpty();
    }

    private static List<String> days(List<Partition> partitions) {
        return partitions.stream().map(p -> p.values().get("day")).toList();
    }
}
