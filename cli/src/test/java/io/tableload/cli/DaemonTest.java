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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tableload daemon} as users run it: a daemon process, and commands in processes of their
 * own that find it through their environment, against the real sandbox servers.
 */
@ExtendWith({S3ServerExtension.class, HiveMetastoreExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaemonTest {
    private static final String DB = "cli_daemon";
    private static final String TABLE = DB + ".blobs";

    @TempDir Path tmp;
    private S3Server s3;
    private FaultProxy slow;
    private Map<String, String> env;
    private Process daemon;
    private Path socket;
    private String location;

    @BeforeAll
    void createTable(S3Server server, HiveMetastoreSandbox hms) throws IOException {
        s3 = server;
        location = BlobTable.create(server, hms.uri(), DB, 3, 256 * 1024, 5);
        env = new HashMap<>();
        env.put("TABLELOAD_METASTORE", hms.uri());
        env.put("AWS_ENDPOINT_URL_S3", server.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", server.accessKey());
        env.put("AWS_SECRET_ACCESS_KEY", server.secretKey());
        env.put("AWS_REGION", server.region());
        // The data files come 4 KiB every 100 ms through this one: a load of minutes.
        slow = FaultProxy.start(server.endpoint()).trickle(4096, Duration.ofMillis(100));
        slow.inject(FaultRule.always(Fault.TRICKLE).onlyMethod("GET").onlyPathContaining(".parquet"));
    }

    @AfterAll
    void stopProxy() {
        slow.close();
    }

    @BeforeEach
    void startDaemon() throws Exception {
        startDaemon("--idle-timeout", "5m");
    }

    private void startDaemon(String... options) throws Exception {
        Path runtime = Files.createDirectories(tmp.resolve("run"));
        env.put("XDG_RUNTIME_DIR", runtime.toString()); // this test's daemons only
        Path out = tmp.resolve("daemon.out");
        List<String> command = javaMain("daemon");
        command.addAll(List.of(options));
        daemon = start(new ProcessBuilder(command)
                .redirectOutput(out.toFile()).redirectError(tmp.resolve("daemon.err").toFile()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Files.readString(out).isBlank()) {
            assertThat(daemon.isAlive()).as(Files.readString(tmp.resolve("daemon.err"))).isTrue();
            assertThat(System.nanoTime()).as("the daemon listens within 60 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        socket = Path.of(Files.readString(out).strip());
    }

    @AfterEach
    void stopDaemon() throws InterruptedException {
        daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void aLoadRunsInTheDaemonIntoTheClientsWorkingDirectoryWithItsOutputAndExitCode() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));

        Cli.Result load = client(work, env, "--table", TABLE, "--dest", "relative", "--path-style", "-v");

        assertThat(load.code()).as(load.err()).isZero();
        assertThat(load.out().strip()).isEqualTo(work.resolve("relative").toString());
        assertThat(load.err()).contains("loaded 3 file(s)", "by the daemon at " + socket, "exit code 0");
        assertThat(work.resolve("relative/k=a/part-2.parquet")).hasSize(256 * 1024);
    }

    @Test
    void aFailingCommandGetsTheMessageAndExitCodeItGetsInItsOwnProcess() throws Exception {
        String[] args = {"--table", DB + ".nope", "--path-style"};
        Cli.Result byDaemon = client(tmp, env, args);
        Map<String, String> noDaemon = new HashMap<>(env);
        noDaemon.put("XDG_RUNTIME_DIR", Files.createDirectories(tmp.resolve("elsewhere")).toString());

        Cli.Result ownProcess = client(tmp, noDaemon, args);

        assertThat(byDaemon.code()).isEqualTo(3).isEqualTo(ownProcess.code());
        assertThat(byDaemon.err()).isEqualTo(ownProcess.err()).contains("table cli_daemon.nope does not exist");
        assertThat(byDaemon.out()).isEmpty();
    }

    @Test
    void onlyCommandsWithVerboseGetDebugLinesWhenSeveralRunAtOnce() throws Exception {
        CompletableFuture<Cli.Result> quiet = CompletableFuture.supplyAsync(() -> clientUnchecked(
                "--table", TABLE, "--dest", tmp.resolve("quiet").toString(), "--path-style"));
        Cli.Result verbose = client(tmp, env, "--table", TABLE, "--dest", tmp.resolve("verbose").toString(),
                "--path-style", "--verbose");

        assertThat(verbose.err()).contains("DEBUG", "by the daemon at");
        assertThat(quiet.get(60, TimeUnit.SECONDS).err()).doesNotContain("DEBUG").contains("loaded 3 file(s)");
    }

    @Test
    void aClientWithOtherCredentialsRunsTheCommandItself() throws Exception {
        Map<String, String> other = new HashMap<>(env);
        other.put("AWS_SECRET_ACCESS_KEY", "not-the-secret");

        Cli.Result load = client(tmp, other, "--table", TABLE, "--dest", tmp.resolve("denied").toString(),
                "--path-style", "-v");

        assertThat(load.code()).as(load.err()).isEqualTo(5); // access denied: not the daemon's credentials
        assertThat(load.err()).doesNotContain("by the daemon at", "not-the-secret", s3.secretKey());
    }

    @Test
    void aClientThatGoesAwayCancelsItsLoadAndTheDaemonServesTheNext() throws Exception {
        Path dest = tmp.resolve("abandoned");
        Process client = start(new ProcessBuilder(javaMain("--table", TABLE, "--dest", dest.toString(), "--path-style",
                "--endpoint", slow.endpoint().toString())).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD));
        awaitStaging(dest);

        client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        Cli.await("staging removed within 20 s", 20, () -> Cli.stagingBeside(dest).isEmpty());
        assertThat(dest).doesNotExist();
        Cli.Result next = client(tmp, env, "--table", TABLE, "--dest", dest.toString(), "--path-style", "-v");
        assertThat(next.err()).contains("by the daemon at");
        assertThat(dest.resolve("k=a")).isDirectoryContaining("glob:**/part-0.parquet");
    }

    @Test
    void aClientThatGoesAwayCancelsItsDownloadAndLeavesNoFile() throws Exception {
        Path dest = tmp.resolve("abandoned-get");
        Process client = start(new ProcessBuilder(javaMain("s3", "get", "--recursive", location + "/", "--dest",
                dest.toString(), "--path-style", "--endpoint", slow.endpoint().toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD));
        Cli.await("a file being downloaded within 60 s", 60, () -> !Cli.filesUnder(dest).isEmpty());

        client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        // Uncancelled, the trickled files would be complete (and renamed into place) in about 7 s.
        Cli.await("no file left within 20 s", 20, () -> Cli.filesUnder(dest).isEmpty());
        Thread.sleep(8000);
        assertThat(Cli.filesUnder(dest)).isEmpty();
    }

    @Test
    void aClientThatGoesAwayCancelsItsUploadBeforeItsRetries() throws Exception {
        Path upload = Files.createDirectories(tmp.resolve("upload"));
        Files.writeString(upload.resolve("one.txt"), "one");
        Files.writeString(upload.resolve("two.txt"), "two");
        try (FaultProxy stalling = FaultProxy.start(s3.endpoint()).stallFor(Duration.ofSeconds(3))) {
            stalling.inject(FaultRule.first(2, Fault.STALL).onlyMethod("PUT")); // the first attempts; retries go through
            Process client = start(new ProcessBuilder(javaMain("s3", "put", upload.toString(), location + "/uploads/",
                    "--path-style", "--endpoint", stalling.endpoint().toString()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD));
            Cli.await("both uploads under way within 60 s", 60, () -> stalling.requests() >= 2);

            client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

            Thread.sleep(8000); // the stalls end after 3 s; uncancelled, the retries would then write both
            assertThat(stalling.requests()).as("no retry sent").isEqualTo(2);
        }
        Cli.Result listing = client(tmp, env, "s3", "ls", "--recursive", location + "/uploads/", "--path-style");
        assertThat(listing.code()).as(listing.err()).isZero();
        assertThat(listing.out()).isBlank();
    }

    @Test
    void beyondMaxRunningACommandWaitsForARunningOneToEnd() throws Exception {
        stopDaemon();
        Files.delete(tmp.resolve("daemon.out"));
        startDaemon("--max-running", "1");
        Path dest = tmp.resolve("slow");
        Process slowClient = start(new ProcessBuilder(javaMain("--table", TABLE, "--dest", dest.toString(),
                "--path-style", "--endpoint", slow.endpoint().toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD));
        awaitStaging(dest);

        CompletableFuture<Cli.Result> waiting = CompletableFuture.supplyAsync(() -> clientUnchecked("plan", "--table", TABLE));
        Thread.sleep(2000);
        assertThat(waiting).as("waits while the slow load runs").isNotDone();
        slowClient.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // its load is cancelled: the slot frees

        Cli.Result plan = waiting.get(30, TimeUnit.SECONDS);
        assertThat(plan.code()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("3 file(s)");
    }

    @Test
    void stopEndsTheDaemonAndRemovesItsSocketAndCommandsThenRunThemselves() throws Exception {
        Cli.Result stop = client(tmp, env, "daemon", "--stop");

        assertThat(stop.err()).contains("stopped the daemon at " + socket);
        assertThat(daemon.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(daemon.exitValue()).isZero();
        assertThat(socket).doesNotExist();
        Cli.Result load = client(tmp, env, "--table", TABLE, "--dest", tmp.resolve("alone").toString(), "--path-style", "-v");
        assertThat(load.code()).as(load.err()).isZero();
        assertThat(load.err()).doesNotContain("by the daemon at");
    }

    @Test
    void stopLetsTheCommandsStillRunningFinishBeforeTheDaemonEnds() throws Exception {
        Path dest = tmp.resolve("finishes");
        Path err = tmp.resolve("finishes.err");
        Process slowClient = start(new ProcessBuilder(javaMain("--table", TABLE, "--dest", dest.toString(), "--path-style",
                "--endpoint", slow.endpoint().toString())).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()));
        awaitStaging(dest);

        Cli.Result stop = client(tmp, env, "daemon", "--stop");

        assertThat(stop.err()).contains("stopped the daemon at " + socket);
        assertThat(socket).doesNotExist(); // commands from now on run in their own process
        assertThat(slowClient.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(slowClient.exitValue()).as(Files.readString(err)).isZero();
        assertThat(dest.resolve("k=a")).isDirectoryContaining("glob:**/part-0.parquet");
        assertThat(daemon.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aClientWithAnotherUmaskRunsTheCommandItself() throws Exception {
        String other = DaemonAddress.processUmask().equals("0077") ? "0027" : "0077"; // the daemon has this JVM's
        List<String> command = new ArrayList<>(List.of("sh", "-c", "umask " + other + " && exec \"$@\"", "sh"));
        command.addAll(javaMain("plan", "--table", TABLE, "-v"));

        Cli.Result plan = Cli.runProcess(tmp, tmp, env, command, 60);

        assertThat(plan.code()).as(plan.err()).isZero();
        assertThat(plan.err()).contains("3 file(s)").doesNotContain("by the daemon at");
    }

    @Test
    void aClientWithTheDaemonSwitchedOffRunsTheCommandItself() throws Exception {
        Map<String, String> off = new HashMap<>(env);
        off.put("TABLELOAD_DAEMON", "off");

        Cli.Result load = client(tmp, off, "--table", TABLE, "--dest", tmp.resolve("own").toString(), "--path-style", "-v");

        assertThat(load.code()).as(load.err()).isZero();
        assertThat(load.err()).contains("loaded 3 file(s)").doesNotContain("by the daemon at");
    }

    @Test
    void aSecondDaemonForTheSameEnvironmentIsRefused() throws Exception {
        Cli.Result second = client(tmp, env, "daemon");

        assertThat(second.code()).isEqualTo(2);
        assertThat(second.err()).contains("a daemon already serves this environment at " + socket);
        assertThat(daemon.isAlive()).isTrue();
    }

    private Cli.Result client(Path dir, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        return Cli.runProcess(tmp, dir, environment, javaMain(args), 60);
    }

    private Cli.Result clientUnchecked(String... args) {
        try {
            return client(tmp, env, args);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private Process start(ProcessBuilder builder) throws IOException {
        builder.environment().putAll(env);
        return builder.start();
    }

    private static List<String> javaMain(String... args) {
        List<String> command = new ArrayList<>(List.of(Cli.java(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static void awaitStaging(Path dest) throws Exception {
        Cli.await("a staging directory within 60 s", 60, () -> !Cli.stagingBeside(dest).isEmpty());
    }
}
