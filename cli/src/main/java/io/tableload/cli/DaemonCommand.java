package io.tableload.cli;

import static io.tableload.cli.Declarations.flag;
import static io.tableload.cli.Declarations.isSet;
import static io.tableload.cli.Declarations.option;
import static io.tableload.cli.Declarations.value;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tableload daemon}: one resident process that runs the {@code tableload} commands this
 * user starts on this machine with the same build and environment, instead of a JVM each. Many
 * short loads started at once (one per model) then share one warmed-up JVM.
 */
final class DaemonCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smh])");

    private final CommandSpec spec;

    private DaemonCommand() {
        spec = Declarations.command(this, "daemon",
                "Run the tableload commands this user starts here, with this build and environment"
                        + " (AWS_*, TABLELOAD_*, HIVE_* ...), in this one process rather than a JVM each: start it"
                        + " in the background ('tableload daemon &'), and commands find it by themselves.",
                "Each command keeps its own arguments, working directory, output and exit code.",
                "Prints the socket's path on stdout once it listens.");
        Verbosity.declare(spec);
        spec.addOption(option("--idle-timeout").paramLabel("DURATION").defaultValue("15m").description(
                "Stop after this long with no command running: 30s, 15m, 2h (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(option("--max-running").paramLabel("N").type(int.class)
                .defaultValue(String.valueOf(defaultMaxRunning())).description(
                "Run at most N commands at once; the others wait their turn (default: twice the cores, ${DEFAULT-VALUE}).")
                .build());
        spec.addOption(flag("--stop").description("Stop the daemon serving this environment, if one does.").build());
    }

    static CommandSpec spec() {
        return new DaemonCommand().spec;
    }

    @Override
    public Integer call() throws IOException {
        Path socket = DaemonAddress.socket(System.getenv());
        if (isSet(spec, "--stop")) {
            return stop(socket);
        }
        Duration idleTimeout = duration(value(spec, "--idle-timeout"));
        int maxRunning = value(spec, "--max-running");
        try (DaemonServer server = DaemonServer.listen(socket, idleTimeout, maxRunning)) {
            DaemonStreams.install();
            DaemonLogging.install();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tableload-daemon-socket-cleanup"));
            spec.commandLine().getOut().println(socket);
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().println("tableload daemon: running this environment's commands; stops after "
                    + idleTimeout.toString().substring(2).toLowerCase() + " with none, or on 'tableload daemon --stop'");
            spec.commandLine().getErr().flush();
            server.serve();
        }
        return 0;
    }

    private int stop(Path socket) {
        try {
            DaemonClient.stop(socket);
            spec.commandLine().getErr().println("tableload daemon: stopped the daemon at " + socket
                    + "; commands it is running finish first");
        } catch (IOException e) {
            spec.commandLine().getErr().println("tableload daemon: none serves this environment");
        }
        return 0;
    }

    private static int defaultMaxRunning() {
        return 2 * Runtime.getRuntime().availableProcessors();
    }

    /** {@code 30s}, {@code 15m} or {@code 2h}, more than zero. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        long amount = m.matches() ? Long.parseLong(m.group(1)) : 0;
        if (amount <= 0) {
            throw new TableloadException(ErrorCode.USAGE, "--idle-timeout " + text
                    + " is not a duration: give a whole number of seconds, minutes or hours, like 30s, 15m or 2h");
        }
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
