package io.tableload.samples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point for {@code ./tableload demo} and {@code ./tableload sandbox}: commands that start
 * the local stack, so they run from this module's classpath rather than the deployed jar.
 */
@Command(name = "tableload", mixinStandardHelpOptions = true, subcommands = {DemoCommand.class, SandboxCommand.class},
        description = "Run tableload against a local S3 server and Hive Metastore.")
public final class LocalStackMain {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line: a failure prints its message, not a stack trace, and exits 2
     * for a usage problem (a bad option, a busy port), else 1. Tests drive this in-process.
     */
    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new LocalStackMain());
        cmd.setExecutionExceptionHandler((e, c, parsed) -> {
            c.getErr().println("tableload: " + e.getMessage());
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cmd;
    }
}
