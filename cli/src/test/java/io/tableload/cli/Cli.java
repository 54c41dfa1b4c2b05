package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs the tableload command with captured stdout and stderr: in-process, or in a JVM of its own. */
final class Cli {
    record Result(int code, String out, String err) {}

    private Cli() {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine(args); // as the command itself builds it
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Points the AWS SDK's default credential chain at the sandbox server through its system
     * properties, the way a user's environment would; returns what to restore.
     */
    static void useCredentials(String accessKey, String secretKey, String region) {
        System.setProperty("aws.accessKeyId", accessKey);
        System.setProperty("aws.secretAccessKey", secretKey);
        System.setProperty("aws.region", region);
    }

    /**
     * Runs the command through {@link Main#main} in a new JVM on this test's class path, with
     * {@code env} added to the environment, and waits up to a minute for it.
     */
    static Result runInNewJvm(Path scratch, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return runProcess(scratch, null, env, command, 60);
    }

    /** The {@code java} command of the JVM running the tests. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Runs a process in {@code dir} (this one's when null) with {@code env} added to the
     * environment, its output captured in files under {@code scratch}, and waits up to
     * {@code seconds} for it; a process still running then is killed and fails the test.
     */
    static Result runProcess(Path scratch, Path dir, Map<String, String> env, List<String> command, int seconds)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not exit within " + seconds + " s: "
                    + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Entries beside {@code dest} that a load made: its staging directories and their leftovers. */
    static List<Path> stagingBeside(Path dest) throws IOException {
        String prefix = "." + dest.getFileName() + ".tableload-";
        try (Stream<Path> siblings = Files.list(dest.getParent())) {
            return siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    /**
     * The regular files under {@code dir}, hidden ones (partial downloads) included; none when
     * {@code dir} does not exist or changes while it is walked (look again).
     */
    static List<Path> filesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException | UncheckedIOException raced) {
            return List.of();
        }
    }

    /** Polls {@code condition} every 50 ms until it holds; fails with {@code what} after {@code seconds}. */
    static void await(String what, int seconds, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.call()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** A loopback port nothing listens on (it was free a moment ago), for connections that must be refused. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
