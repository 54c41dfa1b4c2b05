package io.tableload.catalog.hive;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.catalog.Partition;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableRef;
import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.hms.HiveTestData.PartitionSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A metastore whose default catalog is not {@code hive} (HDP keeps Spark's tables in one named
 * {@code spark}): partition filters go to the catalog the table was found in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtherDefaultCatalogTest {
    private static final String DB = "catalog_spark";

    @TempDir
    static Path warehouse;
    private WatchedMetastore metastore;
    private HiveMetastoreCatalog catalog;

    @BeforeAll
    void start() {
        metastore = WatchedMetastore.start(Map.of("metastore.catalog.default", "spark"));
        catalog = metastore.catalog;
        try (HiveTestData data = HiveTestData.connect(metastore.hms.uri())) {
            data.createCatalog("spark", warehouse.toUri().toString());
            data.createDatabase(DB);
            data.table(DB, "sales").column("id", "bigint").partitionKey("country", "string")
                    .location("s3://bucket/sales").create();
            data.addPartitions(DB, "sales", List.of(PartitionSpec.of("FI"), PartitionSpec.of("SE")));
        }
    }

    @AfterAll
    void stop() {
        metastore.close();
    }

    @Test
    void aFilterIsPushedDownToTheCatalogTheTableIsIn() {
        Table sales = catalog.table(new TableRef(DB, "sales"));
        metastore.proxy.clearCalls();

        List<Partition> fi = catalog.partitions(sales, PartitionFilter.parse("country=FI"));

        assertThat(fi).extracting(Partition::location).containsExactly("s3://bucket/sales/country=FI");
        assertThat(metastore.proxy.calls()).containsExactly("get_partitions_by_filter_req");
    }
}
