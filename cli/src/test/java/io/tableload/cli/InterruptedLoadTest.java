package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.sandbox.hms.HiveMetastoreExtension;
import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import io.tableload.sandbox.s3.Fault;
import io.tableload.sandbox.s3.FaultProxy;
import io.tableload.sandbox.s3.FaultRule;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real command in its own JVM, stopped by a signal in the middle of a download (data fetches
 * trickle through a {@link FaultProxy}): it exits with 128 + the signal number, leaves no staging
 * directory or partial file behind, and the destination holds either nothing or the previous
 * complete load, never a mix. Killed outright (SIGKILL), it can clean nothing up, and the next
 * load beside it does.
 */
@ExtendWith({S3ServerExtension.class, HiveMetastoreExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InterruptedLoadTest {
    private static final String DB = "cli_signals";
    private static final int FILE_BYTES = 1024 * 1024;

    @TempDir Path tmp;
    private S3Server s3;
    private String metastore;
    private FaultProxy slow;
    private String location;

    @BeforeAll
    void createTable(S3Server server, HiveMetastoreSandbox hms) throws IOException {
        s3 = server;
        metastore = hms.uri();
        location = BlobTable.create(server, hms.uri(), DB, 3, FILE_BYTES, 11);
        // Listings pass at full speed; the data files come 4 KiB every 100 ms, about 8 minutes for
        // the load: long enough to be caught mid-download, never silent long enough to time out.
        slow = FaultProxy.start(server.endpoint()).trickle(4096, Duration.ofMillis(100));
        slow.inject(FaultRule.always(Fault.TRICKLE).onlyMethod("GET").onlyPathContaining(".parquet"));
    }

    @AfterAll
    void stopProxy() {
        slow.close();
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalDuringAReloadLeavesThePreviousLoadWholeAndNoStagingFiles(String signal) throws Exception {
        Path dest = tmp.resolve("reload-" + signal);
        Process first = tableload(dest, s3.endpoint().toString());
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as(stderr(dest)).isZero();
        Map<String, String> before = contents(dest);
        assertThat(before).containsOnlyKeys(".tableload", "k=a/part-0.parquet", "k=a/part-1.parquet", "k=a/part-2.parquet");

        Process second = tableload(dest, slow.endpoint().toString());
        awaitPartialFile(second, dest);
        signal(second, signal);

        assertThat(second.waitFor(20, TimeUnit.SECONDS)).as("exits within 20 s").isTrue();
        assertThat(second.exitValue()).as(stderr(dest)).isEqualTo(signal.equals("INT") ? 130 : 143);
        assertThat(contents(dest)).isEqualTo(before);
        assertThat(Cli.stagingBeside(dest)).isEmpty();
    }

    @Test
    void aSignalDuringAFirstLoadLeavesNoDestinationAndNoStagingFiles() throws Exception {
        Path dest = tmp.resolve("fresh");

        Process load = tableload(dest, slow.endpoint().toString());
        awaitPartialFile(load, dest);
        signal(load, "TERM");

        assertThat(load.waitFor(20, TimeUnit.SECONDS)).as("exits within 20 s").isTrue();
        assertThat(load.exitValue()).as(stderr(dest)).isEqualTo(143);
        assertThat(dest).doesNotExist();
        assertThat(Cli.stagingBeside(dest)).isEmpty();
    }

    @Test
    void aLoadKilledOutrightLeavesItsStagingForTheNextLoadBesideItToDelete() throws Exception {
        Path dest = tmp.resolve("killed");
        Process killed = tableload(dest, slow.endpoint().toString());
        awaitPartialFile(killed, dest);

        killed.destroyForcibly(); // SIGKILL, as the OOM killer sends: no cleanup runs

        assertThat(killed.waitFor(20, TimeUnit.SECONDS)).as("killed within 20 s").isTrue();
        assertThat(Cli.stagingBeside(dest)).as("what the killed load left").isNotEmpty();
        Path other = tmp.resolve("killed-other");
        Process next = tableload(other, s3.endpoint().toString());
        assertThat(next.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(next.exitValue()).as(stderr(other)).isZero();
        assertThat(Cli.stagingBeside(dest)).isEmpty();
        assertThat(Cli.stagingBeside(other)).isEmpty();
        assertThat(dest).doesNotExist();
        assertThat(contents(other)).containsOnlyKeys(".tableload", "k=a/part-0.parquet", "k=a/part-1.parquet",
                "k=a/part-2.parquet");
    }

    @Test
    void aSignalDuringAnS3GetLeavesTheDirectoryAsItWas() throws Exception {
        Path dest = Files.createDirectories(tmp.resolve("get"));
        Files.writeString(dest.resolve("mine.txt"), "the caller's own file");

        Process get = start(dest, "s3", "get", "--recursive", location + "/", "--dest", dest.toString(),
                "--endpoint", slow.endpoint().toString(), "--path-style");
        awaitWhileRunning(get, dest, () -> !partialFilesUnder(dest).isEmpty());
        signal(get, "INT");

        assertThat(get.waitFor(20, TimeUnit.SECONDS)).as("exits within 20 s").isTrue();
        assertThat(get.exitValue()).as(stderr(dest)).isEqualTo(130);
        assertThat(contents(dest)).containsOnlyKeys("mine.txt");
        assertThat(dest.resolve("k=a")).isEmptyDirectory();
    }

    @Test
    void aSignalDuringALargeS3PutAbortsItsMultipartUploadSoTheServerKeepsNoParts() throws Exception {
        Path file = tmp.resolve("large.bin");
        byte[] bytes = new byte[40 * 1024 * 1024];
        new java.util.Random(3).nextBytes(bytes);
        Files.write(file, bytes);
        String bucket = s3.createUniqueBucket("signal-put");
        // Every part upload waits 2 s and is dropped: the upload is under way, and never done, when the signal comes.
        try (FaultProxy stalling = FaultProxy.start(s3.endpoint()).stallFor(Duration.ofSeconds(2))) {
            stalling.inject(FaultRule.always(Fault.STALL).onlyMethod("PUT"));

            Process put = start(file, "s3", "put", file.toString(), "s3://" + bucket + "/large.bin",
                    "--endpoint", stalling.endpoint().toString(), "--path-style");
            awaitWhileRunning(put, file, () -> stalling.seen().stream()
                    .anyMatch(seen -> seen.method().equals("PUT") && seen.target().contains("uploadId=")));
            signal(put, "TERM");

            assertThat(put.waitFor(20, TimeUnit.SECONDS)).as("exits within 20 s").isTrue();
            assertThat(put.exitValue()).as(stderr(file)).isEqualTo(143);
            assertThat(stalling.seen()).as("the upload aborted: " + stderr(file))
                    .anyMatch(seen -> seen.method().equals("DELETE") && seen.target().contains("uploadId="));
        }
    }

    /** {@code tableload --table DB.blobs --dest DEST} in a new JVM on this test's class path. */
    private Process tableload(Path dest, String endpoint) throws IOException {
        return start(dest, "--table", DB + ".blobs", "--dest", dest.toString(),
                "--metastore", metastore, "--endpoint", endpoint, "--path-style");
    }

    /** {@code tableload ARGS} in a new JVM on this test's class path, its stderr kept by {@code dest}'s name. */
    private Process start(Path dest, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Cli.java(),
                "-Daws.accessKeyId=" + s3.accessKey(), "-Daws.secretAccessKey=" + s3.secretKey(),
                "-Daws.region=" + s3.region(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderrFile(dest).toFile()).start();
    }

    /** Waits until a partial download file exists in the load's staging directory. */
    private void awaitPartialFile(Process load, Path dest) throws Exception {
        awaitWhileRunning(load, dest,
                () -> Cli.stagingBeside(dest).stream().anyMatch(staging -> !partialFilesUnder(staging).isEmpty()));
    }

    /** Waits up to 60 s until {@code condition} holds, failing at once if {@code process} ends first. */
    private void awaitWhileRunning(Process process, Path dest, Callable<Boolean> condition) throws Exception {
        Cli.await("a partial file within 60 s: " + stderr(dest), 60, () -> {
            assertThat(process.isAlive()).as("still downloading: " + stderr(dest)).isTrue();
            return condition.call();
        });
    }

    /** The partial download files ({@code .NAME.part-N}) under {@code dir}. */
    private static List<Path> partialFilesUnder(Path dir) {
        return Cli.filesUnder(dir).stream().filter(f -> f.getFileName().toString().contains(".part-")).toList();
    }

    private static void signal(Process process, String signal) throws Exception {
        if (signal.equals("TERM")) {
            process.destroy(); // SIGTERM on Unix
            return;
        }
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }


    /** Relative path to SHA-256 of every regular file under {@code dir}, the marker's name included. */
    private static Map<String, String> contents(Path dir) throws IOException, NoSuchAlgorithmException {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
                digests.put(dir.relativize(f).toString(), HexFormat.of().formatHex(hash));
            }
        }
        return digests;
    }

    private Path stderrFile(Path dest) {
        return tmp.resolve(dest.getFileName() + ".stderr");
    }

    private String stderr(Path dest) {
        try {
            return Files.readString(stderrFile(dest));
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }
}
