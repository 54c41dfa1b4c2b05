package io.tableload.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.tableload.catalog.MetastoreSettings;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.TableRef;
import io.tableload.load.LoadedTable;
import io.tableload.load.LocalFile;
import io.tableload.load.TableLoader;
import io.tableload.s3.S3Credentials;
import io.tableload.s3.S3Settings;
import io.tableload.sandbox.Ports;
import io.tableload.sandbox.hms.HiveTestData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tableload sandbox}: checked ports, and the real process started, used, stopped and restarted. */
class SandboxCommandTest {
    @TempDir Path dir;

    @Test
    void aBusyS3PortIsRefusedNamingThePort() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LauncherRun run = LauncherRun.of("sandbox", "--dir", dir.toString(),
                    "--s3-port", Integer.toString(busy.getLocalPort()), "--metastore-port", Integer.toString(freePort()));

            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err()).contains("port " + busy.getLocalPort() + " for the S3 server is busy");
        }
    }

    @Test
    void aBusyMetastorePortIsRefusedNamingThePortAndTheS3ServerIsStoppedAgain() throws IOException {
        int s3Port = freePort();
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LauncherRun run = LauncherRun.of("sandbox", "--dir", dir.toString(),
                    "--s3-port", Integer.toString(s3Port), "--metastore-port", Integer.toString(busy.getLocalPort()));

            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err()).contains("port " + busy.getLocalPort() + " for the Hive Metastore is busy");
        }
        assertThatCode(() -> Ports.requireFree(s3Port, "the S3 server")).doesNotThrowAnyException();
    }

    @Test
    void theSandboxServesTheSampleTablesUntilStoppedAndKeepsThemForTheNextStart() throws Exception {
        int s3Port = freePort();
        int metastorePort = freePort();

        Sandbox first = Sandbox.start(dir, s3Port, metastorePort);
        assertThat(first.output).anyMatch(l -> l.startsWith("creating the sample tables"));
        assertThat(first.exports).containsEntry("TABLELOAD_METASTORE", "thrift://127.0.0.1:" + metastorePort)
                .containsEntry("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + s3Port);
        long fiRows = countFi(first.exports);
        first.stop();

        Sandbox second = Sandbox.start(dir, s3Port, metastorePort);
        assertThat(second.output).noneMatch(l -> l.startsWith("creating the sample tables"));
        assertThat(countFi(second.exports)).isEqualTo(fiRows);
        second.stop();
    }

    /**
     * Loads country FI with the settings the sandbox printed, as a user in another terminal would,
     * from the Hive table and from its Iceberg twin.
     */
    private static long countFi(Map<String, String> exports) {
        try (HiveTestData data = HiveTestData.connect(exports.get("TABLELOAD_METASTORE"))) {
            assertThat(data.tableExists("default", "sales")).isTrue();
        }
        S3Settings s3 = S3Settings.defaults().withEndpoint(URI.create(exports.get("AWS_ENDPOINT_URL_S3")))
                .withRegion(exports.get("AWS_REGION")).withPathStyle(true)
                .withCredentials(S3Credentials.of(exports.get("AWS_ACCESS_KEY_ID"), exports.get("AWS_SECRET_ACCESS_KEY")));
        try (TableLoader loader = TableLoader.open(MetastoreSettings.of(List.of(URI.create(exports.get("TABLELOAD_METASTORE")))), s3);
             LoadedTable fi = loader.load(TableRef.parse("sales"), PartitionFilter.parse("country=FI"));
             LoadedTable icebergFi = loader.load(TableRef.parse("sales_iceberg"), PartitionFilter.parse("country=FI"));
             LoadedTable correctedFi = loader.load(TableRef.parse("sales_corrected"), PartitionFilter.parse("country=FI"))) {
            String totals = "SELECT count(*), sum(amount), min(dt), max(dt), min(country) FROM ";
            List<Object> rows = fi.query(totals + "sales").rows().get(0);
            assertThat((Long) rows.get(0)).isPositive();
            // The same files, adopted by an Iceberg table: the same rows, partition columns and all.
            assertThat(icebergFi.query(totals + "sales_iceberg").rows()).containsExactly(rows);
            // Adopted again, with the first of every DELETED_EVERY rows of each file deleted.
            long deleted = 0;
            for (LocalFile f : fi.files()) {
                long fileRows = (Long) fi.query("SELECT count(*) FROM read_parquet('" + f.path() + "')").rows().get(0).get(0);
                deleted += (fileRows + IcebergSampleTable.DELETED_EVERY - 1) / IcebergSampleTable.DELETED_EVERY;
            }
            assertThat(correctedFi.query("SELECT count(*) FROM sales_corrected").rows())
                    .containsExactly(List.of((Long) rows.get(0) - deleted));
            return (Long) rows.get(0);
        }
    }

    /** {@code tableload sandbox} as its own process, the way the launcher runs it. */
    private record Sandbox(Process process, BufferedReader reader, List<String> output, Map<String, String> exports, int s3Port, int metastorePort) {
        static Sandbox start(Path dir, int s3Port, int metastorePort) throws IOException, InterruptedException {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), LocalStackMain.class.getName(), "sandbox",
                    "--dir", dir.toString(), "--s3-port", Integer.toString(s3Port),
                    "--metastore-port", Integer.toString(metastorePort), "--size-mb", "1")
                    .redirectErrorStream(true).start();
            AtomicBoolean ready = new AtomicBoolean();
            // A sandbox that never gets ready is killed, which ends the read below.
            CompletableFuture.runAsync(() -> {
                if (!ready.get()) {
                    process.destroyForcibly();
                }
            }, CompletableFuture.delayedExecutor(5, TimeUnit.MINUTES));
            List<String> output = new ArrayList<>();
            Map<String, String> exports = new HashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                output.add(line);
                if (line.startsWith("  export ")) {
                    String[] kv = line.substring("  export ".length()).split("=", 2);
                    exports.put(kv[0], kv[1]);
                }
                if (line.equals("Press Ctrl-C to stop.")) {
                    ready.set(true);
                    return new Sandbox(process, reader, output, exports, s3Port, metastorePort);
                }
            }
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the sandbox ended before it was ready:\n" + String.join("\n", output));
        }

        /** Sends SIGTERM, as Ctrl-C would, and checks that it stopped cleanly and freed its ports. */
        void stop() throws Exception {
            // Through the handle: Process.destroy() would also close the output we still want to read.
            process.toHandle().destroy();
            String rest = String.join("\n", reader.lines().toList()); // until the process closes its output
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the sandbox stopped").isTrue();
            assertThat(rest).contains("stopping the local stack");
            assertThatCode(() -> Ports.requireFree(s3Port, "the S3 server")).doesNotThrowAnyException();
            assertThatCode(() -> Ports.requireFree(metastorePort, "the Hive Metastore")).doesNotThrowAnyException();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
