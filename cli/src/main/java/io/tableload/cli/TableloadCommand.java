package io.tableload.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The root {@code tableload} command: with {@code --table}, a load ({@link LoadCommand});
 * otherwise one of the subcommands {@link Main} adds.
 */
final class TableloadCommand implements Callable<Integer> {
    private final CommandSpec spec;

    private TableloadCommand() {
        spec = Declarations.command(this, "tableload",
                "Load Hive tables straight from S3 into local files, bypassing query engines.",
                "",
                "With --table, loads the matching partitions' files into a destination directory and"
                        + " prints where they are; with --output, writes the (filtered) rows to one file instead.");
        spec.versionProvider(new VersionProvider());
        spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes());
        Verbosity.declare(spec);
        TableOptions.declareGroup(spec);
        LoadCommand.declare(spec);
        MetastoreOptions.declare(spec);
        S3Options.declare(spec);
    }

    /** The root command's declaration, with no subcommands yet. */
    static CommandSpec spec() {
        return new TableloadCommand().spec;
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "ok");
        codes.put("1", "internal error");
        codes.put("2", "usage (bad option, partition spec, table name or URL)");
        codes.put("3", "not found (database, table, bucket, key)");
        codes.put("4", "nothing matched");
        codes.put("5", "access denied");
        codes.put("6", "unreachable after retries (metastore or S3)");
        codes.put("7", "not enough room at the destination");
        codes.put("130", "interrupted (SIGINT); 143: terminated (SIGTERM)");
        return codes;
    }

    @Override
    public Integer call() {
        if (!TableOptions.isGiven(spec)) {
            spec.commandLine().getErr().println("tableload: give --table (or a command); see 'tableload --help'");
            return 2;
        }
        return new LoadCommand(spec).run();
    }
}
