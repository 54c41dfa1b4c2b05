package io.tableload.cli;

import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.TableRef;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Which table and which partitions: {@code --table} and {@code --partition}. */
final class TableOptions {
    @Option(names = {"-t", "--table"}, required = true, paramLabel = "[DB.]TABLE", description = "The table (database default if none).")
    String table;

    @Option(names = {"-p", "--partition"}, paramLabel = "SPEC", description = {
        "Partitions to load: predicates joined by commas are ANDed (country=FI,dt>=2024-01-01);",
        "operators = != < <= > >=, key in (a,b), key is null; values may be single-quoted.",
        "Repeat to OR several specs. Default: every partition."})
    List<String> partitions = new ArrayList<>();

    TableRef ref() {
        return TableRef.parse(table);
    }

    PartitionFilter filter() {
        return partitions.isEmpty() ? PartitionFilter.all() : PartitionFilter.parse(partitions);
    }
}
