package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.s3.Destination;
import io.tableload.s3.PutOptions;
import io.tableload.s3.S3Credentials;
import io.tableload.s3.S3Session;
import io.tableload.s3.S3Settings;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import io.tableload.sandbox.s3.SelfSignedKeyStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tableload} launcher at the root of the checkout and its class-data archive: made once
 * per checkout, mapped by the runs after it, made again for a rebuilt jar. Each test runs the
 * launcher from a copy of the checkout's layout (the script and the packaged jar), so this test
 * runs after packaging (the {@code packaged} execution in cli/pom.xml).
 *
 * <p>Whether a run mapped the archive is read from the JVM's class-loading log: the command's
 * main class comes from the "shared objects file" only when the archive was made from this very
 * jar, since the JVM refuses an archive whose jar changed.
 */
class LauncherTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final String MAPPED = Main.class.getName() + " source: shared objects file";

    @TempDir
    Path tmp;

    private Path checkout;
    private Path jar;
    private Path cache;

    @BeforeEach
    void copyTheLauncherAndJar() throws IOException {
        checkout = Files.createDirectories(tmp.resolve("checkout"));
        Files.copy(ROOT.resolve("tableload"), checkout.resolve("tableload"));
        jar = Files.createDirectories(checkout.resolve("cli/target")).resolve("tableload.jar");
        // A copy, not a link: the tests change its modification time.
        Files.copy(ROOT.resolve("cli/target/tableload.jar"), jar);
        cache = tmp.resolve("cache");
    }

    @Test
    void aFirstRunMakesTheArchiveAndTheNextRunsMapIt() throws Exception {
        Cli.Result first = launch(checkout, Map.of("TABLELOAD_CDS", "now"), checkout.resolve("tableload").toString());
        assertThat(first.out()).contains("tableload ").contains(MAPPED);
        Path archive = theOneArchive();
        FileTime made = Files.getLastModifiedTime(archive);

        Cli.Result next = launch(checkout, Map.of(), checkout.resolve("tableload").toString());

        assertThat(next.out()).contains(MAPPED);
        assertThat(Files.getLastModifiedTime(archive)).isEqualTo(made);
    }

    @Test
    void anHttpsCommandMapsTheJdksTlsClassesFromTheArchive() throws Exception {
        launch(checkout, Map.of("TABLELOAD_CDS", "now"), checkout.resolve("tableload").toString());
        try (S3Server s3 = S3Server.startTransientWithTls(SelfSignedKeyStore.create(tmp))) {
            String bucket = s3.createUniqueBucket("tls");
            Map<String, String> env = new HashMap<>(Map.of("XDG_CACHE_HOME", cache.toString(), "TABLELOAD_DAEMON", "off",
                    "TABLELOAD_JAVA_OPTS", "-Xlog:class+load=info", "AWS_ACCESS_KEY_ID", s3.accessKey(),
                    "AWS_SECRET_ACCESS_KEY", s3.secretKey(), "AWS_REGION", s3.region()));
            env.put("PATH", Path.of(Cli.java()).getParent() + ":" + System.getenv("PATH"));

            Cli.Result listed = Cli.runProcess(tmp, checkout, env, List.of(checkout.resolve("tableload").toString(),
                    "s3", "ls", "s3://" + bucket + "/", "--endpoint", s3.secureEndpoint().orElseThrow().toString(),
                    "--path-style", "--no-verify-tls"), 120);

            assertThat(listed.code()).as(listed.err()).isZero();
            assertThat(listed.out()).contains("sun.security.ssl.SSLSocketImpl source: shared objects file");
        }
    }

    @Test
    void aRebuiltJarGetsANewArchive() throws Exception {
        launch(checkout, Map.of("TABLELOAD_CDS", "now"), checkout.resolve("tableload").toString());
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));

        Cli.Result rebuilt = launch(checkout, Map.of("TABLELOAD_CDS", "now"), checkout.resolve("tableload").toString());

        assertThat(rebuilt.out()).contains(MAPPED);
        theOneArchive();
    }

    @Test
    void theArchiveBelongsToTheCheckoutWhicheverPathRunsTheLauncher() throws Exception {
        launch(checkout, Map.of("TABLELOAD_CDS", "now"), checkout.resolve("tableload").toString());
        Path archive = theOneArchive();
        FileTime made = Files.getLastModifiedTime(archive);

        Cli.Result relative = launch(checkout, Map.of(), "./tableload");
        Cli.Result fromAbove = launch(tmp, Map.of(), "checkout/./tableload");
        Cli.Result bare = launch(checkout, Map.of(), "bash", "tableload");

        assertThat(List.of(relative.out(), fromAbove.out(), bare.out())).allSatisfy(out -> assertThat(out).contains(MAPPED));
        assertThat(theOneArchive()).isEqualTo(archive);
        assertThat(Files.getLastModifiedTime(archive)).isEqualTo(made);
    }

    @Test
    void picocliComesFromTheArchiveAlreadyVerified() throws Exception {
        launch(checkout, Map.of("TABLELOAD_CDS", "now"), checkout.resolve("tableload").toString());

        Cli.Result next = launch(checkout, Map.of("TABLELOAD_JAVA_OPTS", "-Xlog:class+load=info -Xlog:verification=info"),
                checkout.resolve("tableload").toString());

        // Java 5 class files, as picocli ships them, would be verified again at every start.
        assertThat(next.out()).contains(MAPPED).contains("picocli.CommandLine source: shared objects file")
                .doesNotContain("Verifying class picocli");
    }

    @Test
    void noArchiveIsMadeWhenItIsTurnedOff() throws Exception {
        Cli.Result off = launch(checkout, Map.of("TABLELOAD_CDS", "off"), checkout.resolve("tableload").toString());

        assertThat(off.out()).contains("tableload ").doesNotContain(MAPPED);
        assertThat(cache).doesNotExist();
    }

    @Test
    void makingAnArchiveDeletesThoseWhoseCheckoutIsGoneOrUnknownOnly() throws Exception {
        Path archives = Files.createDirectories(cache.resolve("tableload"));
        Path gone = archives.resolve("cds-_gone_cli_target_tableload.jar.jsa");
        Path earlier = archives.resolve("cds-1478278567-3582771982.jsa"); // an earlier launcher's: no link to its jar
        Path elsewhere = archives.resolve("cds-_elsewhere_cli_target_tableload.jar.jsa");
        Path busy = archives.resolve("cds-_busy_cli_target_tableload.jar.jsa"); // being made: its lock is held
        Files.createDirectory(Path.of(busy + ".lock"));
        for (Path archive : List.of(gone, earlier, elsewhere, busy)) {
            Files.writeString(archive, "archive");
            Files.writeString(Path.of(archive + ".jar"), "");
        }
        Files.writeString(Path.of(earlier + ".fixed"), "");
        Files.createSymbolicLink(Path.of(gone + ".path"), tmp.resolve("gone/cli/target/tableload.jar"));
        Files.createSymbolicLink(Path.of(elsewhere + ".path"), jar); // a checkout still there

        launch(checkout, Map.of("TABLELOAD_CDS", "now"), checkout.resolve("tableload").toString());

        try (Stream<Path> files = Files.list(archives)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .noneMatch(name -> name.startsWith(gone.getFileName().toString()))
                    .noneMatch(name -> name.startsWith(earlier.getFileName().toString()))
                    .contains(elsewhere.getFileName().toString(), elsewhere.getFileName() + ".path")
                    .contains(busy.getFileName().toString());
        }
        assertThat(Files.readSymbolicLink(Path.of(theArchiveOf(checkout) + ".path"))).isEqualTo(jar);
    }

    /** The archive of the checkout at {@code dir}, named as the launcher names it. */
    private Path theArchiveOf(Path dir) {
        String place = dir.resolve("cli/target/tableload.jar").toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return cache.resolve("tableload").resolve("cds-" + place + ".jsa");
    }

    private Path theOneArchive() throws IOException {
        try (Stream<Path> files = Files.list(cache.resolve("tableload"))) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
            assertThat(archives).hasSize(1);
            return archives.get(0);
        }
    }

    @Test
    void aCommandThroughTheLauncherIsRunByTheDaemonTheLauncherStarted() throws Exception {
        launch(checkout, Map.of("TABLELOAD_CDS", "now"), checkout.resolve("tableload").toString());
        Map<String, String> env = new HashMap<>();
        env.put("XDG_CACHE_HOME", cache.toString());
        env.put("XDG_RUNTIME_DIR", Files.createDirectories(tmp.resolve("run")).toString());
        env.put("PATH", Path.of(Cli.java()).getParent() + ":" + System.getenv("PATH"));
        Path out = tmp.resolve("daemon.out");
        ProcessBuilder builder = new ProcessBuilder(checkout.resolve("tableload").toString(), "daemon")
                .redirectOutput(out.toFile()).redirectError(tmp.resolve("daemon.err").toFile());
        builder.environment().putAll(env);
        Process daemon = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Files.readString(out).isBlank()) {
                assertThat(daemon.isAlive()).as(Files.readString(tmp.resolve("daemon.err"))).isTrue();
                assertThat(System.nanoTime()).as("the daemon listens within 60 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            String socket = Files.readString(out).strip();

            Cli.Result version = Cli.runProcess(tmp, checkout, env,
                    List.of(checkout.resolve("tableload").toString(), "--verbose", "--version"), 60);

            assertThat(version.code()).as(version.err()).isZero();
            assertThat(version.out()).startsWith("tableload ");
            assertThat(version.err()).contains("by the daemon at " + socket);
        } finally {
            daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void cOneAloneRunsOnlyTransfersOverPlainHttpThatAreNoUploadsAndTlsGetsItsCiphersCompiledEarly() throws Exception {
        Map<String, String> httpEnv = Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000", "AWS_ENDPOINT_URL", "");
        Map<String, String> noEndpoint = Map.of("AWS_ENDPOINT_URL_S3", "", "AWS_ENDPOINT_URL", "");

        assertThat(compilersFor(httpEnv, "s3", "ls", "s3://b/")).isEqualTo("c1");
        assertThat(compilersFor(noEndpoint, "--endpoint=http://127.0.0.1:9000", "s3", "ls", "s3://b/")).isEqualTo("c1");
        assertThat(compilersFor(Map.of("AWS_ENDPOINT_URL_S3", "", "AWS_ENDPOINT_URL", "HTTP://localhost:9000"),
                "s3", "ls", "s3://b/")).isEqualTo("c1");
        // Real S3 (no endpoint) and any https endpoint are TLS, which only C2 compiles to AES instructions.
        // Its cipher classes compiled early, by two C2 threads, spare TLS most of the records their
        // plain-Java code would decrypt; a listing decrypts too little to gain from that.
        assertThat(compilersFor(noEndpoint, "s3", "get", "s3://b/k"))
                .isEqualTo("c1 and c2, ciphers early, two C2 threads");
        assertThat(compilersFor(noEndpoint, "--table", "db.t")).isEqualTo("c1 and c2, ciphers early, two C2 threads");
        assertThat(compilersFor(httpEnv, "--endpoint", "https://s3.example.com", "s3", "get", "s3://b/k"))
                .isEqualTo("c1 and c2, ciphers early, two C2 threads");
        assertThat(compilersFor(noEndpoint, "s3", "ls", "s3://b/")).isEqualTo("c1 and c2");
        // Uploads over plain HTTP are hashed whole with SHA-256, which only C2 compiles to SHA instructions.
        assertThat(compilersFor(httpEnv, "s3", "put", "f", "s3://b/"))
                .isEqualTo("c1 and c2, ciphers early, two C2 threads");
    }

    @Test
    void theArgumentsOfAnAtFileChooseTheCompilersAsTheSameArgumentsGivenDirectly() throws Exception {
        Map<String, String> httpEnv = Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000", "AWS_ENDPOINT_URL", "");
        Map<String, String> noEndpoint = Map.of("AWS_ENDPOINT_URL_S3", "", "AWS_ENDPOINT_URL", "");
        Path httpsGet = Files.writeString(tmp.resolve("https-get.args"), "--endpoint https://s3.example.com\ns3 get s3://b/k\n");
        Path upload = Files.writeString(tmp.resolve("put.args"), "s3 put f s3://b/\n");
        Path quotedListing = Files.writeString(tmp.resolve("ls.args"), "'s3' \"ls\" 's3://b/*'\n");

        assertThat(compilersFor(httpEnv, "@" + httpsGet)).isEqualTo("c1 and c2, ciphers early, two C2 threads");
        assertThat(compilersFor(httpEnv, "@" + upload)).isEqualTo("c1 and c2, ciphers early, two C2 threads");
        assertThat(compilersFor(noEndpoint, "@" + quotedListing)).isEqualTo("c1 and c2");
        assertThat(compilersFor(httpEnv, "@" + quotedListing)).isEqualTo("c1");
    }

    /**
     * Which JIT compilers the launcher gives the JVM for {@code args} in {@code env}, read from
     * the JVM's own list of its flags, and checked against the name it gives the choice.
     */
    private String compilersFor(Map<String, String> env, String... args) throws Exception {
        Map<String, String> environment = new HashMap<>(env);
        environment.putAll(Map.of("TABLELOAD_CDS", "off", "TABLELOAD_DAEMON", "off",
                "TABLELOAD_JAVA_OPTS", "-XX:+PrintFlagsFinal -XshowSettings:properties",
                "PATH", Path.of(Cli.java()).getParent() + ":" + System.getenv("PATH")));
        List<String> command = new ArrayList<>(List.of(checkout.resolve("tableload").toString()));
        command.addAll(List.of(args));
        command.add("--help");
        Cli.Result run = Cli.runProcess(tmp, checkout, environment, command, 120);
        String level = run.out().lines().filter(l -> l.contains(" TieredStopAtLevel ")).findFirst()
                .orElseThrow(() -> new AssertionError("no flags printed: " + run.err()))
                .replaceAll(".*TieredStopAtLevel\\s*=\\s*(\\d+).*", "$1");
        String named = run.err().lines().filter(l -> l.contains("tableload.jit = ")).findFirst()
                .orElseThrow(() -> new AssertionError("no tableload.jit: " + run.err())).strip();
        String compilers = level.equals("1") ? "c1" : "c1 and c2";
        assertThat(named).isEqualTo("tableload.jit = " + (level.equals("1") ? "c1" : "c2"));
        boolean ciphersEarly = run.out().contains("CompileThresholdScaling,com.sun.crypto.provider.*::*,0.05");
        int compilerThreads = Integer.parseInt(run.out().lines().filter(l -> l.contains(" CICompilerCount "))
                .findFirst().orElseThrow().replaceAll(".*CICompilerCount\\s*=\\s*(\\d+).*", "$1"));
        // Three compiler threads are one C1 and two C2; the launcher adds the second C2 on up to 3 cores.
        boolean twoC2Threads = !level.equals("1") && compilerThreads >= 3;
        return compilers + (ciphersEarly ? ", ciphers early" : "") + (twoC2Threads ? ", two C2 threads" : "");
    }

    /**
     * Runs {@code tableload --version} through the launcher in {@code dir}, with the JVM logging
     * where each class came from unless {@code env} sets other JVM options.
     */
    @Test
    @ExtendWith(S3ServerExtension.class)
    void inTheCLocaleTheLauncherStillWritesFilesNamedWithAnyCharacter(S3Server s3) throws Exception {
        String bucket = s3.createUniqueBucket("locale");
        S3Settings settings = S3Settings.defaults().withEndpoint(s3.endpoint()).withRegion(s3.region()).withPathStyle(true)
                .withCredentials(S3Credentials.of(s3.accessKey(), s3.secretKey()));
        try (S3Session session = S3Session.open(settings, new Destination.Memory())) {
            session.put("s3://" + bucket + "/country=T\u00fcrkiye/\u00fcn\u00ef.txt", "merhaba", PutOptions.defaults());
        }
        Path dest = tmp.resolve("got");
        Map<String, String> env = new HashMap<>(Map.of("LC_ALL", "C", "TABLELOAD_CDS", "off", "TABLELOAD_DAEMON", "off",
                "AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey(), "AWS_REGION", s3.region()));
        env.put("PATH", Path.of(Cli.java()).getParent() + ":" + System.getenv("PATH"));

        Cli.Result got = Cli.runProcess(tmp, checkout, env, List.of(checkout.resolve("tableload").toString(), "s3", "get",
                "--recursive", "s3://" + bucket + "/", "--dest", dest.toString(), "--endpoint", s3.endpoint().toString(),
                "--path-style"), 120);

        assertThat(got.code()).as(got.err()).isZero();
        assertThat(dest.resolve("country=T\u00fcrkiye/\u00fcn\u00ef.txt")).hasContent("merhaba");
    }

    @Test
    void outputLostToAFullDiskExitsWith7SayingSoWhileAReaderThatStopsEarlyIsNoFailure() throws Exception {
        ProcessBuilder toFullDisk = new ProcessBuilder(checkout.resolve("tableload").toString(), "--help")
                .redirectOutput(new java.io.File("/dev/full")).redirectError(tmp.resolve("full.err").toFile());
        ProcessBuilder toClosedPipe = new ProcessBuilder(checkout.resolve("tableload").toString(), "--help")
                .redirectError(tmp.resolve("pipe.err").toFile());
        for (ProcessBuilder b : List.of(toFullDisk, toClosedPipe)) {
            b.environment().putAll(Map.of("TABLELOAD_CDS", "off", "TABLELOAD_DAEMON", "off",
                    "PATH", Path.of(Cli.java()).getParent() + ":" + System.getenv("PATH")));
        }

        Process full = toFullDisk.start();
        Process piped = toClosedPipe.start();
        piped.getInputStream().close(); // the reader goes away before the help is printed

        assertThat(full.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(full.exitValue()).isEqualTo(7);
        assertThat(tmp.resolve("full.err")).content().contains("could not write all of the output to stdout (/dev/full)");
        assertThat(piped.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(piped.exitValue()).isZero();
        assertThat(tmp.resolve("pipe.err")).content().doesNotContain("could not write");
    }

    private Cli.Result launch(Path dir, Map<String, String> env, String... launcher) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher));
        command.add("--version");
        Map<String, String> environment = new HashMap<>();
        environment.put("XDG_CACHE_HOME", cache.toString());
        environment.put("TABLELOAD_JAVA_OPTS", "-Xlog:class+load=info");
        environment.putAll(env);
        // The launcher runs the JVM it finds first on the PATH: this one.
        environment.put("PATH", Path.of(Cli.java()).getParent() + ":" + System.getenv("PATH"));
        Cli.Result run = Cli.runProcess(tmp, dir, environment, command, 120);
        assertThat(run.code()).as(run.err()).isZero();
        return run;
    }
}
