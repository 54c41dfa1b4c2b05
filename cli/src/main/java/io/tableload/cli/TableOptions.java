package io.tableload.cli;

import static io.tableload.cli.Declarations.option;
import static io.tableload.cli.Declarations.value;
import static io.tableload.cli.Declarations.values;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.TableRef;
import io.tableload.load.TableVersion;
import java.util.List;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Which table, which partitions and, for an Iceberg table, which version: {@code --table},
 * {@code --partition}, {@code --snapshot}, {@code --as-of}.
 */
final class TableOptions {
    private TableOptions() {}

    /** Adds {@code --table} (required) and {@code --partition} to a command about one table. */
    static void declare(CommandSpec spec) {
        for (OptionSpec option : options()) {
            spec.addOption(option);
        }
    }

    /**
     * Adds {@code --table} and {@code --partition} as a group under a "Table:" heading, for the
     * root command: the group is optional there (a subcommand may run instead), but once either
     * option is given, {@code --table} is required.
     */
    static void declareGroup(CommandSpec spec) {
        ArgGroupSpec.Builder group = ArgGroupSpec.builder().exclusive(false).multiplicity("0..1").heading("%nTable:%n");
        for (OptionSpec option : options()) {
            group.addArg(option);
        }
        spec.addArgGroup(group.build());
    }

    /** Adds {@code --table} (required) alone, to a command about a whole table. */
    static void declareTable(CommandSpec spec) {
        spec.addOption(table());
    }

    private static OptionSpec table() {
        return option("-t", "--table").required(true).paramLabel("[DB.]TABLE")
                .description("The table (database default if none).").build();
    }

    private static List<OptionSpec> options() {
        return List.of(
                table(),
                option("-p", "--partition").paramLabel("SPEC").type(List.class).auxiliaryTypes(String.class)
                        .description(
                                "Partitions to load: predicates joined by commas are ANDed (country=FI,dt>=2024-01-01);"
                                        + " operators = != < <= > >=, key in (a,b), key is null, key is latest; values may be single-quoted.",
                                "Repeat to OR several specs. Default: every partition.")
                        .build(),
                option("--snapshot").paramLabel("ID|REF")
                        .description("An Iceberg table as of this snapshot (its id, as `tableload snapshots` or a"
                                + " plan's JSON gives it), or of the snapshot of this branch or tag, not its current"
                                + " one: fan-out workers and repeated runs then load the same files.")
                        .build(),
                option("--as-of").paramLabel("TIME")
                        .description("An Iceberg table as it was at this time, by its history: 2024-06-01T10:00:00Z,"
                                + " 2024-06-01 10:00:00 (UTC) or 2024-06-01 (its start).")
                        .build());
    }

    /** Whether {@code --table} was given. */
    static boolean isGiven(CommandSpec spec) {
        return value(spec, "--table") != null;
    }

    static TableRef ref(CommandSpec spec) {
        return TableRef.parse(value(spec, "--table"));
    }

    /**
     * The version of an Iceberg table {@code --snapshot} or {@code --as-of} asks for; the current
     * one when neither is given.
     *
     * @throws TableloadException {@code USAGE} when both are given, or the time is no time
     */
    static TableVersion version(CommandSpec spec) {
        String snapshot = value(spec, "--snapshot");
        String asOf = value(spec, "--as-of");
        if (snapshot != null && asOf != null) {
            throw new TableloadException(ErrorCode.USAGE, "--snapshot and --as-of both say which version of the"
                    + " table to load; give one of them");
        }
        if (snapshot != null) {
            return TableVersion.parse(snapshot);
        }
        return asOf != null ? TableVersion.asOf(TableVersion.parseTime(asOf)) : TableVersion.current();
    }

    /** Whether a version other than the current one was asked for. */
    static boolean versionGiven(CommandSpec spec) {
        return !(version(spec) instanceof TableVersion.Current);
    }

    static PartitionFilter filter(CommandSpec spec) {
        List<String> partitions = values(spec, "--partition");
        return partitions.isEmpty() ? PartitionFilter.all() : PartitionFilter.parse(partitions);
    }
}
