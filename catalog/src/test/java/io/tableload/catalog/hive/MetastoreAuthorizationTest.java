package io.tableload.catalog.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableRef;
import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.hms.HiveTestData.PartitionSpec;
import io.tableload.sandbox.hms.ReadDenyingListener;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A metastore whose authorizer refuses this user a table: the refusal is an access error (exit 5)
 * naming the table and the metastore's reason, never an internal error, and a refused filter
 * call is not retried as a listing of every partition.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetastoreAuthorizationTest {
    private static final String DB = "catalog_authz";

    private WatchedMetastore metastore;
    private HiveMetastoreCatalog catalog;

    @BeforeAll
    void start() {
        metastore = WatchedMetastore.start(Map.of(ReadDenyingListener.SETTING, ReadDenyingListener.class.getName()));
        catalog = metastore.catalog;
        try (HiveTestData data = HiveTestData.connect(metastore.hms.uri())) {
            data.createDatabase(DB);
            data.table(DB, "secret").column("id", "bigint").location("s3://bucket/secret")
                    .parameter(ReadDenyingListener.DENY_READS, "true").create();
            data.table(DB, "revoked").column("id", "bigint").partitionKey("country", "string")
                    .location("s3://bucket/revoked").create();
            data.addPartitions(DB, "revoked", List.of(PartitionSpec.of("FI"), PartitionSpec.of("SE")));
        }
    }

    @AfterAll
    void stop() {
        metastore.close();
    }

    @Test
    void aTableTheMetastoreRefusesToShowIsAnAccessError() {
        assertThatThrownBy(() -> catalog.table(new TableRef(DB, "secret")))
                .isInstanceOfSatisfying(TableloadException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED))
                .hasMessageContaining("refused to look up table " + DB + ".secret")
                .hasMessageContaining("Permission denied")
                .hasMessageContaining("ask for read access");
    }

    @Test
    void partitionsRefusedAfterTheLookupAreAnAccessErrorWithoutListingEveryPartition() {
        Table revoked = catalog.table(new TableRef(DB, "revoked"));
        try (HiveTestData data = HiveTestData.connect(metastore.hms.uri())) {
            data.setTableParameter(DB, "revoked", ReadDenyingListener.DENY_READS, "true");
        }
        metastore.proxy.clearCalls();

        assertThatThrownBy(() -> catalog.partitions(revoked, PartitionFilter.parse("country=FI")))
                .isInstanceOfSatisfying(TableloadException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED))
                .hasMessageContaining("Permission denied");
        assertThat(metastore.proxy.calls()).doesNotContain("get_partition_names");
    }
}
