package io.tableload.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tableload s3}: the general S3 toolkit (list, get, put many objects in parallel). */
final class S3Command implements Callable<Integer> {
    private final CommandSpec spec;

    private S3Command() {
        spec = Declarations.command(this, "s3", "List, download and upload S3 objects in parallel.");
        spec.addSubcommand("ls", S3LsCommand.spec());
        spec.addSubcommand("get", S3GetCommand.spec());
        spec.addSubcommand("put", S3PutCommand.spec());
    }

    static CommandSpec spec() {
        return new S3Command().spec;
    }

    /** {@code tableload s3} alone: its usage, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
