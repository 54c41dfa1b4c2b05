package io.tableload.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code demo} and {@code sandbox} start a local S3 server and Hive Metastore. Those servers are
 * deliberately not in the jar users deploy, so here the commands only say where they run.
 */
final class LocalStackCommands {
    private LocalStackCommands() {}

    @Command(addMethodSubcommands = false, name = "demo", description = "Load a sample table from a local stack (run ./tableload demo from a source checkout).")
    static final class Demo implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            return explain(spec, "demo");
        }
    }

    @Command(addMethodSubcommands = false, name = "sandbox", description = "Run a local S3 server and metastore with sample tables (./tableload sandbox from a source checkout).")
    static final class Sandbox implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            return explain(spec, "sandbox");
        }
    }

    private static int explain(CommandSpec spec, String name) {
        spec.commandLine().getErr().println("tableload: '" + name + "' starts local test servers, which this jar leaves out;"
                + " run ./tableload " + name + " from a source checkout after 'mvn -q -DskipTests package'");
        return 2;
    }
}
