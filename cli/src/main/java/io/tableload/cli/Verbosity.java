package io.tableload.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The {@code --verbose} option every command carries: debug logging and stack traces. The log
 * level is set as the option is parsed, so it holds for everything the command then does.
 */
final class Verbosity implements ISetter {
    private Verbosity() {}

    /** Adds {@code -v/--verbose} to {@code spec}. */
    static void declare(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-v", "--verbose").type(boolean.class).setter(new Verbosity())
                .description("Log details to stderr and print stack traces on errors.").build());
    }

    /**
     * In its own process, a command sets tableload's log level. In the daemon, where commands of
     * several clients run at once, it marks only its own run ({@link DaemonLogging} filters by it).
     */
    @Override
    public <T> T set(T value) {
        boolean verbose = Boolean.TRUE.equals(value);
        Invocation invocation = Invocation.current();
        invocation.verbose(verbose);
        if (!invocation.isClient()) {
            Logger tableload = (Logger) LoggerFactory.getLogger("io.tableload");
            tableload.setLevel(verbose ? Level.DEBUG : Level.WARN);
        }
        return null;
    }

    /** Whether {@code --verbose} was given anywhere on the command line that failed. */
    static boolean isVerbose(ParseResult parseResult) {
        for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
