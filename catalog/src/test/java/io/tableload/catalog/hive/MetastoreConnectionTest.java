package io.tableload.catalog.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.MetastoreSettings;
import io.tableload.catalog.Partition;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableRef;
import io.tableload.sandbox.hms.HiveMetastoreExtension;
import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.hms.HiveTestData.PartitionSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** How the catalog behaves when metastores are dead, hung, stopped mid-use, or shared by threads. */
@ExtendWith(HiveMetastoreExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetastoreConnectionTest {
    private static final String DB = "catalog_connection";
    private static final TableRef DAYS = new TableRef(DB, "days");
    private static final Duration SHORT = Duration.ofSeconds(1);

    private HiveMetastoreSandbox hms;

    @BeforeAll
    void createTable(HiveMetastoreSandbox shared) {
        hms = shared;
        try (HiveTestData data = HiveTestData.connect(hms.uri())) {
            createDays(data);
        }
    }

    @Test
    void aDeadFirstUriFailsOverToTheSecond() throws IOException {
        try (HiveMetastoreCatalog catalog = Catalogs.open("thrift://127.0.0.1:" + closedPort(), hms.uri())) {
            assertThat(catalog.table(DAYS).partitionKeys()).hasSize(1);
        }
    }

    @Test
    void aHungFirstUriFailsOverToTheSecondAfterTheReadTimeout() throws IOException {
        try (SilentServer hung = new SilentServer();
                HiveMetastoreCatalog catalog = HiveMetastoreCatalog.open(
                        Catalogs.settings(hung.uri(), hms.uri()).withTimeouts(SHORT, SHORT))) {
            Table t = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> catalog.table(DAYS));
            assertThat(t.ref()).isEqualTo(DAYS);
        }
    }

    @Test
    void aClosedPortIsUnreachableWithExitCode6WithinTheTimeout() throws IOException {
        int port = closedPort();
        MetastoreSettings settings = Catalogs.settings("thrift://127.0.0.1:" + port).withTimeouts(SHORT, SHORT)
                .withRetries(2, Duration.ofMillis(100));
        try (HiveMetastoreCatalog catalog = HiveMetastoreCatalog.open(settings)) {
            TableloadException e = unreachable(catalog, Duration.ofSeconds(5));
            assertThat(e.code().exitCode()).isEqualTo(6);
            assertThat(e.getMessage()).contains("127.0.0.1:" + port).contains("3 attempts");
        }
    }

    @Test
    void aHungMetastoreIsUnreachableAfterTheReadTimeoutNotAHang() throws IOException {
        try (SilentServer hung = new SilentServer();
                HiveMetastoreCatalog catalog = HiveMetastoreCatalog.open(
                        Catalogs.settings(hung.uri()).withTimeouts(SHORT, SHORT).withRetries(1, Duration.ofMillis(50)))) {
            long start = System.nanoTime();
            unreachable(catalog, Duration.ofSeconds(10));
            // Two attempts, each waiting out the read timeout: it waited, and not much longer.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
        }
    }

    @Test
    void aMetastoreStoppedMidUseGivesUnreachableInBoundedTime() throws Exception {
        HiveMetastoreSandbox own = HiveMetastoreSandbox.start(Map.of());
        try (HiveTestData data = HiveTestData.connect(own.uri());
                HiveMetastoreCatalog catalog = HiveMetastoreCatalog.open(
                        Catalogs.settings(own.uri()).withTimeouts(SHORT, Duration.ofSeconds(5)))) {
            createDays(data);
            Table days = catalog.table(DAYS);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<TableloadException>> loops = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    loops.add(pool.submit(() -> {
                        while (true) {
                            try {
                                assertThat(catalog.partitions(days, PartitionFilter.parse("day>=10"))).hasSize(20);
                            } catch (TableloadException e) {
                                return e;
                            }
                        }
                    }));
                }
                Thread.sleep(500);
                own.close();
                for (Future<TableloadException> loop : loops) {
                    TableloadException e = loop.get(30, java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.UNREACHABLE);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThatThrownBy(() -> catalog.table(DAYS)).isInstanceOfSatisfying(TableloadException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE));
        } finally {
            own.close();
        }
    }

    @Test
    void manyThreadsShareOneCatalogAndEachGetsItsOwnAnswer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (HiveMetastoreCatalog catalog = HiveMetastoreCatalog.open(Catalogs.settings(hms.uri()).withPoolSize(2))) {
            Table days = catalog.table(DAYS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        int day = (thread * 10 + i) % 30;
                        List<Partition> found = catalog.partitions(days, PartitionFilter.parse("day=" + day));
                        assertThat(found).hasSize(1);
                        assertThat(found.get(0).values()).containsEntry("day", Integer.toString(day));
                        assertThat(catalog.table(DAYS).ref()).isEqualTo(DAYS);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void createDays(HiveTestData data) {
        data.createDatabase(DB);
        data.table(DB, "days").column("id", "bigint").partitionKey("day", "int").location("s3://bucket/days").create();
        List<PartitionSpec> specs = new ArrayList<>();
        for (int d = 0; d < 30; d++) {
            specs.add(PartitionSpec.of(Integer.toString(d)));
        }
        data.addPartitions(DB, "days", specs);
    }

    private static TableloadException unreachable(HiveMetastoreCatalog catalog, Duration within) {
        Throwable thrown = assertTimeoutPreemptively(within, () -> {
            try {
                catalog.table(DAYS);
                return null;
            } catch (TableloadException e) {
                return e;
            }
        });
        assertThat(thrown).isInstanceOf(TableloadException.class);
        TableloadException e = (TableloadException) thrown;
        assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.UNREACHABLE);
        return e;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
