package io.tableload.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tableload s3}: the general S3 toolkit (list, get, put many objects in parallel). */
@Command(addMethodSubcommands = false, name = "s3", mixinStandardHelpOptions = true,
        description = "List, download and upload S3 objects in parallel.",
        subcommands = {S3LsCommand.class, S3GetCommand.class, S3PutCommand.class})
final class S3Command implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
