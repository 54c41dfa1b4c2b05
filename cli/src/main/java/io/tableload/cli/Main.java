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
    private static final String SELECTOR_PROVIDER = "java.nio.channels.spi.SelectorProvider";

    private Main() {}

    public static void main(String[] args) {
        setLibraryProperties();
        if (Stream.of(args).noneMatch(HELP::contains)) {
            S3Session.prepareInBackground(); // beside the parsing of the arguments below; help needs no S3
        }
        System.exit(commandLine(args).execute(args));
    }

    /** The system properties that tell picocli and SLF4J how the command runs, unless already set. */
    static void setLibraryProperties() {
        // Picocli otherwise looks for Groovy's closure class when it starts, and that failing
        // class lookup costs every run about 20 ms of CPU.
        setUnlessSet("picocli.disable.closures", "true");
        // SLF4J binds to logback through the command's own provider instead of searching the
        // class path for one; its note that it did so is for debugging, not for every run.
        setUnlessSet("slf4j.provider", CommandLogging.class.getName());
        setUnlessSet("slf4j.internal.verbosity", "WARN");
        nameTheJdksSelectorProvider();
    }

    /**
     * Names the JDK's own selector provider, which every socket channel asks for first. Unnamed,
     * the JDK searches the class path for a provider's service file before it settles on its own,
     * and that opens the jar's index of 37,000 entries, about 30 ms before the first request
     * (the class-data archive spares every other reason to open it). Only a class the JDK
     * itself can create is named; on other platforms or JDKs the search stays.
     */
    private static void nameTheJdksSelectorProvider() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String provider = os.contains("linux") ? "sun.nio.ch.EPollSelectorProvider"
                : os.contains("mac") ? "sun.nio.ch.KQueueSelectorProvider" : null;
        if (provider == null || System.getProperty(SELECTOR_PROVIDER) != null) {
            return;
        }
        try {
            Class<?> type = Class.forName(provider, false, null);
            if (java.nio.channels.spi.SelectorProvider.class.isAssignableFrom(type)
                    && java.lang.reflect.Modifier.isPublic(type.getModifiers())
                    && java.lang.reflect.Modifier.isPublic(type.getConstructor().getModifiers())) {
                System.setProperty(SELECTOR_PROVIDER, provider);
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            // not this JDK's provider: the JDK finds its own, a little later
        }
    }

    private static void setUnlessSet(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
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
