package io.tableload.cli;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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
     * The command line to run {@code args} with: {@link #commandLine()}, or only the root command
     * when {@code args} name no subcommand and ask for no help. Picocli builds every command's
     * model up front, by reflection, from classes of an old class-file version that the JVM can
     * neither archive nor verify quickly, so a table load that skips the subcommands starts
     * faster. A usage error in the root-only command line is handed to the whole one, so that
     * its messages (and the suggestions of subcommand names) stay the same.
     */
    public static CommandLine commandLine(String... args) {
        Set<String> names = subcommandNames();
        if (Stream.of(args).anyMatch(a -> names.contains(a) || HELP.contains(a))) {
            return commandLine();
        }
        CommandLine root = root();
        root.setParameterExceptionHandler((e, again) -> {
            CommandLine whole = commandLine();
            whole.setOut(root.getOut());
            whole.setErr(root.getErr());
            return whole.execute(again);
        });
        return root;
    }

    private static CommandLine root() {
        CommandLine cmd = new CommandLine(new TableloadCommand());
        ErrorReporter reporter = new ErrorReporter();
        cmd.setExecutionExceptionHandler(reporter);
        cmd.setParameterExceptionHandler(reporter);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        return cmd;
    }

    private static Set<String> subcommandNames() {
        return SUBCOMMANDS.stream()
                .map(c -> c.getAnnotation(Command.class))
                .flatMap(c -> Stream.concat(Stream.of(c.name()), Stream.of(c.aliases())))
                .collect(Collectors.toSet());
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
