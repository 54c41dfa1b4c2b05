package io.tableload.cli;

import io.tableload.catalog.Partition;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableCatalog;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tableload partitions}: the partitions a filter selects, with their locations. */
@Command(addMethodSubcommands = false, name = "partitions", mixinStandardHelpOptions = true,
        description = "List the partitions that match, with their locations, in partition order.")
final class PartitionsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Verbosity verbosity;
    @Mixin MetastoreOptions metastore;
    @Mixin TableOptions tableOptions;

    @Option(names = "--json", description = "Print one JSON document on stdout.")
    boolean json;

    @Override
    public Integer call() {
        Table table;
        List<Partition> partitions;
        try (TableCatalog catalog = TableCatalog.hiveMetastore(metastore.settings())) {
            table = catalog.table(tableOptions.ref());
            partitions = catalog.partitions(table, tableOptions.filter());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("table", table.ref().toString());
            doc.put("partitions", TableJson.partitions(partitions));
            Json.print(out, doc);
        } else {
            int width = partitions.stream().mapToInt(p -> p.path().length()).max().orElse(0);
            for (Partition p : partitions) {
                out.println(String.format("%-" + width + "s", p.path()) + "  " + p.location());
            }
            out.flush();
            spec.commandLine().getErr().println(partitions.size() + " partition(s) of " + table.ref());
            spec.commandLine().getErr().flush();
        }
        return 0;
    }
}
