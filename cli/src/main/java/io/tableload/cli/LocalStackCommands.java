package io.tableload.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code demo} and {@code sandbox} start a local S3 server and Hive Metastore. Those servers are
 * deliberately not in the jar users deploy, so here the commands only say where they run.
 */
final class LocalStackCommands implements Callable<Integer> {
    private final CommandSpec spec;

    private LocalStackCommands(String name, String description) {
        spec = CommandSpec.wrapWithoutInspection(this).name(name);
        spec.usageMessage().description(description);
    }

    static CommandSpec demo() {
        return new LocalStackCommands("demo",
                "Load a sample table from a local stack (in a source checkout, through its launcher).").spec;
    }

    static CommandSpec sandbox() {
        return new LocalStackCommands("sandbox",
                "Run a local S3 server and metastore with sample tables (in a source checkout, through its launcher).").spec;
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("tableload: '" + spec.name() + "' starts local test servers, which this jar leaves out;"
                + " run ./tableload " + spec.name() + " from a source checkout after 'mvn -q -DskipTests package'");
        return 2;
    }
}
