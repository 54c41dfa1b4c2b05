package io.tableload.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root {@code tableload} command. Like every command here it says
 * {@code addMethodSubcommands = false}: none has methods as subcommands, and looking for them
 * reflects over every method of the class at each start.
 */
@Command(addMethodSubcommands = false, name = "tableload",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Load Hive tables straight from S3 into local files, bypassing query engines.",
            "",
            "With --table, loads the matching partitions' files into a destination directory and",
            "prints where they are; with --output, writes the (filtered) rows to one file instead."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:internal error",
            "2:usage (bad option, partition spec, table name or URL)",
            "3:not found (database, table, bucket, key)",
            "4:nothing matched",
            "5:access denied",
            "6:unreachable after retries (metastore or S3)",
            "7:not enough room at the destination",
            "130:interrupted (SIGINT); 143: terminated (SIGTERM)"
        })
final class TableloadCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Verbosity verbosity;

    @ArgGroup(exclusive = false, heading = "%nTable:%n")
    TableOptions table;

    @Mixin LoadCommand load;
    @Mixin MetastoreOptions metastore;
    @Mixin S3Options s3;

    @Override
    public Integer call() {
        if (table == null) {
            spec.commandLine().getErr().println("tableload: give --table (or a command); see 'tableload --help'");
            return 2;
        }
        return load.run(spec, table, metastore, s3);
    }
}
