package io.tableload.cli;

import static io.tableload.cli.Declarations.option;
import static io.tableload.cli.Declarations.value;
import static io.tableload.cli.Declarations.values;

import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.TableRef;
import java.util.List;
import java.util.OptionalLong;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Which table, which partitions and, for an Iceberg table, which snapshot: {@code --table}, {@code --partition}, {@code --snapshot}. */
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
                option("--snapshot").paramLabel("ID").type(Long.class)
                        .description("An Iceberg table as of this snapshot (as a plan's JSON gives it), not its"
                                + " current one: fan-out workers and repeated runs then load the same files.")
                        .build());
    }

    /** Whether {@code --table} was given. */
    static boolean isGiven(CommandSpec spec) {
        return value(spec, "--table") != null;
    }

    static TableRef ref(CommandSpec spec) {
        return TableRef.parse(value(spec, "--table"));
    }

    /** The Iceberg snapshot {@code --snapshot} asks for, if any. */
    static OptionalLong snapshot(CommandSpec spec) {
        Long snapshot = value(spec, "--snapshot");
        return snapshot == null ? OptionalLong.empty() : OptionalLong.of(snapshot);
    }

    static PartitionFilter filter(CommandSpec spec) {
        List<String> partitions = values(spec, "--partition");
        return partitions.isEmpty() ? PartitionFilter.all() : PartitionFilter.parse(partitions);
    }
}
