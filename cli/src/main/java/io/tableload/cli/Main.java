package io.tableload.cli;

import picocli.CommandLine;

/** Entry point of the {@code tableload} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line: subcommands, the exit-code mapping of DESIGN.md and the error
     * handlers that print a message instead of a stack trace. Tests drive this with captured
     * output writers.
     */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new TableloadCommand());
        ErrorReporter reporter = new ErrorReporter();
        cmd.setExecutionExceptionHandler(reporter);
        cmd.setParameterExceptionHandler(reporter);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        return cmd;
    }
}
