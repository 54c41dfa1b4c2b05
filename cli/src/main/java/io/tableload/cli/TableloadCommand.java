package io.tableload.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root {@code tableload} command. */
@Command(
        name = "tableload",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Load Hive tables straight from S3 into local files, bypassing query engines.",
        subcommands = {S3Command.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:internal error",
            "2:usage (bad option, partition spec, table name or URL)",
            "3:not found (database, table, bucket, key)",
            "4:nothing matched",
            "5:access denied",
            "6:unreachable after retries (metastore or S3)",
            "7:not enough room at the destination"
        })
final class TableloadCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Verbosity verbosity;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
