package io.tableload.cli;

import io.tableload.s3.S3Session;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Entry point of the {@code tableload} command. */
public final class Main {
    /** The subcommands of {@code tableload}, in the order its help lists them. */
    private static final List<String> SUBCOMMANDS = List.of("describe", "partitions", "snapshots", "plan", "s3", "daemon", "demo",
            "sandbox");
    private static final Set<String> HELP = Set.of("-h", "--help", "-V", "--version");

    private Main() {}

    public static void main(String[] args) {
        LibraryProperties.set(); // before the first socket, which the selector provider property is for
        OptionalInt byDaemon = DaemonClient.run(args);
        if (byDaemon.isPresent()) {
            System.exit(StdoutCheck.exitCode(byDaemon.getAsInt(), System.out.checkError(), System.err));
        }
        if (!asksForHelp(args)) {
            S3Session.prepareInBackground(); // beside the parsing of the arguments below; help needs no S3
        }
        CommandLine cmd = commandLine(args);
        int code = cmd.execute(args);
        // The command's writer flushes into System.out, which keeps a failed write to itself.
        boolean writeFailed = cmd.getOut().checkError() | System.out.checkError(); // both: each flushes
        System.exit(StdoutCheck.exitCode(code, writeFailed, System.err));
    }

    /**
     * The configured command line: subcommands, the exit-code mapping of DESIGN.md and the error
     * handlers that print a message instead of a stack trace. Tests drive this with captured
     * output writers.
     */
    public static CommandLine commandLine() {
        CommandLine cmd = root();
        for (String name : SUBCOMMANDS) {
            cmd.addSubcommand(name, subcommand(name));
        }
        return cmd;
    }

    /**
     * The command line to run {@code args} with: the root command and only the subcommands
     * {@code args} name (all of them when {@code args} ask for help). Every command declared
     * costs start-up time, in picocli's model and its option parsers, so leaving out the
     * commands that cannot run makes a short run start faster. A usage error is handed to the whole command line, so that
     * its messages (and the suggestions of subcommand names) stay the same.
     */
    public static CommandLine commandLine(String... args) {
        if (asksForHelp(args)) {
            return commandLine();
        }
        Set<String> named = new HashSet<>(Arrays.asList(args)); // arguments may repeat
        CommandLine cmd = root();
        for (String name : SUBCOMMANDS) {
            if (named.contains(name)) {
                cmd.addSubcommand(name, subcommand(name));
            }
        }
        cmd.setParameterExceptionHandler(new AgainWithAllCommands(cmd));
        return cmd;
    }

    /**
     * Runs arguments that failed to parse again, on the whole command line. A class rather than
     * a lambda: the JVM cannot archive a lambda that implements one of picocli's interfaces
     * (Java 5 class files), and trying to leaves the interface itself out of the launcher's
     * class-data archive.
     */
    private static final class AgainWithAllCommands implements CommandLine.IParameterExceptionHandler {
        private final CommandLine partial;

        AgainWithAllCommands(CommandLine partial) {
            this.partial = partial;
        }

        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] args) {
            CommandLine whole = commandLine();
            whole.setOut(partial.getOut());
            whole.setErr(partial.getErr());
            return whole.execute(args);
        }
    }

    private static CommandLine root() {
        CommandLine cmd = new CommandLine(TableloadCommand.spec());
        ErrorReporter reporter = new ErrorReporter();
        cmd.setExecutionExceptionHandler(reporter);
        cmd.setParameterExceptionHandler(reporter);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        return cmd;
    }

    private static boolean asksForHelp(String[] args) {
        for (String arg : args) {
            if (HELP.contains(arg)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The declaration of the subcommand {@code name}, one of {@link #SUBCOMMANDS}. A switch
     * rather than a table of method references, whose call sites would each be linked at start.
     */
    private static CommandSpec subcommand(String name) {
        return switch (name) {
            case "describe" -> DescribeCommand.spec();
            case "partitions" -> PartitionsCommand.spec();
            case "snapshots" -> SnapshotsCommand.spec();
            case "plan" -> PlanCommand.spec();
            case "s3" -> S3Command.spec();
            case "daemon" -> DaemonCommand.spec();
            case "demo" -> LocalStackCommands.demo();
            case "sandbox" -> LocalStackCommands.sandbox();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }
}
