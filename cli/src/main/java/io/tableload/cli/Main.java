package io.tableload.cli;

import io.tableload.s3.S3Session;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code tableload} command. */
public final class Main {
    /** The subcommands of {@code tableload}, in the order its help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(DescribeCommand.class, PartitionsCommand.class,
            PlanCommand.class, S3Command.class, LocalStackCommands.Demo.class, LocalStackCommands.Sandbox.class);
    private static final Set<String> HELP = Set.of("-h", "--help", "-V", "--version");

    private Main() {}

    public static void main(String[] args) {
        LibraryProperties.set();
        if (Stream.of(args).noneMatch(HELP::contains)) {
            S3Session.prepareInBackground(); // beside the parsing of the arguments below; help needs no S3
        }
        System.exit(commandLine(args).execute(args));
    }

    /**
     * The configured command line: subcommands, the exit-code mapping of DESIGN.md and the error
     * handlers that print a message instead of a stack trace. Tests drive this with captured
     * output writers.
     */
    public static CommandLine commandLine() {
        CommandLine cmd = root();
        for (Class<?> subcommand : SUBCOMMANDS) {
            cmd.addSubcommand(newInstance(subcommand));
        }
        return cmd;
    }

    /**
     * The command line to run {@code args} with: the root command and only the subcommands
     * {@code args} name (all of them when {@code args} ask for help). Picocli builds every
     * command's model up front, by reflection, from classes of an old class-file version that
     * the JVM can neither archive nor verify quickly, so leaving out the commands that cannot run
     * makes a short run start faster. A usage error is handed to the whole command line, so that
     * its messages (and the suggestions of subcommand names) stay the same.
     */
    public static CommandLine commandLine(String... args) {
        if (Stream.of(args).anyMatch(HELP::contains)) {
            return commandLine();
        }
        Set<String> named = new HashSet<>(Arrays.asList(args)); // arguments may repeat
        CommandLine cmd = root();
        for (Class<?> subcommand : SUBCOMMANDS) {
            Command command = subcommand.getAnnotation(Command.class);
            if (Stream.concat(Stream.of(command.name()), Stream.of(command.aliases())).anyMatch(named::contains)) {
                cmd.addSubcommand(newInstance(subcommand));
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
        CommandLine cmd = new CommandLine(new TableloadCommand());
        ErrorReporter reporter = new ErrorReporter();
        cmd.setExecutionExceptionHandler(reporter);
        cmd.setParameterExceptionHandler(reporter);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        return cmd;
    }

    private static Object newInstance(Class<?> type) {
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the command " + type.getName(), e);
        }
    }
}
