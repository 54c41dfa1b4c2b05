package io.tableload.catalog.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.MetastoreSettings;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableRef;
import io.tableload.sandbox.hms.HiveMetastoreExtension;
import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.hms.HiveTestData.PartitionSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A metastore that answers, then turns slow: the catalog gives up after the read timeout on each
 * attempt (not after its own patience, nor never), and rides out delays shorter than the timeout.
 */
@ExtendWith(HiveMetastoreExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowMetastoreTest {
    private static final String DB = "catalog_slow";
    private static final TableRef EVENTS = new TableRef(DB, "events");
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration BACKOFF = Duration.ofMillis(100);

    private HiveMetastoreSandbox hms;
    private MetastoreProxy proxy;

    @BeforeAll
    void createTable(HiveMetastoreSandbox shared) {
        hms = shared;
        try (HiveTestData data = HiveTestData.connect(hms.uri())) {
            data.createDatabase(DB);
            data.table(DB, "events").column("id", "bigint").partitionKey("day", "int")
                    .location("s3://bucket/events").create();
            data.addPartitions(DB, "events", List.of(PartitionSpec.of("1"), PartitionSpec.of("2")));
        }
    }

    @BeforeEach
    void startProxy() {
        proxy = MetastoreProxy.start(hms.uri());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private HiveMetastoreCatalog catalog() {
        MetastoreSettings settings = Catalogs.settings(proxy.uri())
                .withTimeouts(Catalogs.CONNECT_TIMEOUT, READ_TIMEOUT)
                .withRetries(1, BACKOFF);
        return HiveMetastoreCatalog.open(settings);
    }

    @Test
    void answersSlowerThanTheReadTimeoutFailAsUnreachableWithinTimeoutTimesAttempts() {
        try (HiveMetastoreCatalog catalog = catalog()) {
            Table events = catalog.table(EVENTS);
            proxy.delayCalls(Duration.ofSeconds(5));

            long start = System.nanoTime();
            Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
                try {
                    catalog.partitions(events, PartitionFilter.all());
                    return null;
                } catch (TableloadException e) {
                    return e;
                }
            });
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(thrown).isInstanceOfSatisfying(TableloadException.class, e -> {
                assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.UNREACHABLE);
                assertThat(e.getMessage()).contains(proxy.uri()).contains("2 attempts").contains("timed out")
                        .contains("read timeout of 1000 ms").contains("--metastore-timeout");
            });
            // Two attempts of 1 s and a 0.1 s backoff; the 5 s delay must not be waited out.
            Duration bound = READ_TIMEOUT.multipliedBy(2).plus(BACKOFF);
            assertThat(elapsed).isGreaterThanOrEqualTo(bound.minusMillis(150)).isLessThan(bound.plusSeconds(3));
        }
    }

    @Test
    void answersSlowerThanUsualButWithinTheReadTimeoutSucceed() {
        try (HiveMetastoreCatalog catalog = catalog()) {
            Table events = catalog.table(EVENTS);
            proxy.delayCalls(Duration.ofMillis(300));

            long start = System.nanoTime();
            int found = catalog.partitions(events, PartitionFilter.all()).size();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(found).isEqualTo(2);
            assertThat(elapsed).as("the delay was applied").isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }
}
