package io.tableload.sandbox.hms;

import io.tableload.sandbox.Ports;
import io.tableload.sandbox.SandboxClasspath;
import io.tableload.sandbox.s3.SelfSignedKeyStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Hive Metastore 4.0.1 on in-memory Derby, running in a child JVM and listening on a free
 * loopback port.
 *
 * <p>It runs in its own JVM because it cannot share one with S3Proxy as it is (see
 * {@link HiveMetastoreServer}), keeps static state, and has no stop handle inside a JVM; a
 * process can be stopped, which fault tests need. The child ends with the parent JVM (it watches
 * its standard input), so nothing leaks when a test run is killed.
 *
 * <p>Tests normally share one instance per JVM through {@link #shared()} (or
 * {@link HiveMetastoreExtension}) and isolate themselves by database name; {@link #start(Map)}
 * gives a private instance, with extra metastore settings, that the caller closes.
 */
public final class HiveMetastoreSandbox implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static HiveMetastoreSandbox shared;

    private final int port;
    private final Process process;
    private final Path log;

    private HiveMetastoreSandbox(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** The metastore of this JVM, started (about 5 s) the first time it is asked for; never closed by callers. */
    public static synchronized HiveMetastoreSandbox shared() {
        if (shared == null) {
            shared = start(Map.of());
        }
        return shared;
    }

    /**
     * Starts a private metastore with extra settings (MetastoreConf keys, e.g.
     * {@code metastore.try.direct.sql=false}); the caller closes it.
     */
    public static HiveMetastoreSandbox start(Map<String, String> extraSettings) {
        return start(extraSettings, List.of());
    }

    /** As {@link #start(Map)}, with extra options for the metastore's JVM ({@code -Dkey=value}). */
    public static HiveMetastoreSandbox start(Map<String, String> extraSettings, List<String> jvmOptions) {
        return launch(freePort(), List.of("--memory", "tableload_hms_" + ProcessHandle.current().pid() + "_"
                + COUNTER.incrementAndGet()), extraSettings, jvmOptions);
    }

    /** Starts a private metastore that takes only TLS, serving the certificate of {@code keys}; the caller closes it. */
    public static HiveMetastoreSandbox startWithTls(SelfSignedKeyStore keys) {
        return start(tlsSettings(keys));
    }

    /** The metastore settings that make it take only TLS, serving the certificate of {@code keys}. */
    public static Map<String, String> tlsSettings(SelfSignedKeyStore keys) {
        return Map.of("metastore.use.SSL", "true", "metastore.keystore.path", keys.path().toString(),
                "metastore.keystore.password", keys.password());
    }

    /**
     * Starts a metastore on a given loopback port whose Derby database and warehouse live under
     * {@code dir} and survive restarts; a busy port is refused with a message naming it. The
     * caller closes it.
     */
    public static HiveMetastoreSandbox startPersistent(Path dir, int port) {
        Ports.requireFree(port, "the Hive Metastore");
        return launch(port, List.of("--dir", dir.toAbsolutePath().toString()), Map.of(), List.of());
    }

    private static HiveMetastoreSandbox launch(int port, List<String> storage, Map<String, String> extraSettings,
            List<String> jvmOptions) {
        Path log;
        try {
            log = Files.createTempFile("tableload-hms-" + port + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the metastore log file", e);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote",
                "-Dlogback.configurationFile=io/tableload/sandbox/hms/logback-hms.xml"));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp", SandboxClasspath.forChildJvm(),
                HiveMetastoreServer.class.getName(),
                "--port", Integer.toString(port),
                "--exit-on-stdin-close"));
        command.addAll(storage);
        extraSettings.forEach((k, v) -> command.addAll(List.of("--conf", k + "=" + v)));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the metastore process", e);
        }
        HiveMetastoreSandbox server = new HiveMetastoreSandbox(port, process, log);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!listening(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String tail = server.logTail();
                server.close();
                throw new IllegalStateException("Hive Metastore did not start on port " + port + ":\n" + tail);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.close();
                throw new IllegalStateException("interrupted while waiting for the Hive Metastore", e);
            }
        }
        return server;
    }

    /** The Thrift address clients use: {@code thrift://127.0.0.1:PORT}. */
    public String uri() {
        return "thrift://127.0.0.1:" + port;
    }

    /** The loopback port the metastore listens on. */
    public int port() {
        return port;
    }

    /** Whether the metastore process still runs. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the metastore process (its in-memory data is gone) and deletes its log. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // A leftover log in the temp directory is harmless.
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for the Hive Metastore", e);
        }
    }
}
