package io.tableload.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** The {@code --verbose} option every command carries: debug logging and stack traces. */
final class Verbosity {
    @Option(names = {"-v", "--verbose"}, description = "Log details to stderr and print stack traces on errors.")
    void setVerbose(boolean verbose) {
        Logger tableload = (Logger) LoggerFactory.getLogger("io.tableload");
        tableload.setLevel(verbose ? Level.DEBUG : Level.WARN);
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
