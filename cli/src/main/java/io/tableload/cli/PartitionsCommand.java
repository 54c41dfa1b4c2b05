package io.tableload.cli;

import static io.tableload.cli.Declarations.isSet;

import io.tableload.catalog.Partition;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableCatalog;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tableload partitions}: the partitions a filter selects, with their locations. */
final class PartitionsCommand implements Callable<Integer> {
    private final CommandSpec spec;

    private PartitionsCommand() {
        spec = Declarations.command(this, "partitions",
                "List the partitions that match, with their locations, in partition order.");
        Verbosity.declare(spec);
        MetastoreOptions.declare(spec);
        TableOptions.declare(spec);
        spec.addOption(Declarations.json());
    }

    static CommandSpec spec() {
        return new PartitionsCommand().spec;
    }

    @Override
    public Integer call() {
        Table table;
        List<Partition> partitions;
        try (TableCatalog catalog = TableCatalog.hiveMetastore(MetastoreOptions.settings(spec))) {
            table = catalog.table(TableOptions.ref(spec));
            partitions = catalog.partitions(table, TableOptions.filter(spec));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (isSet(spec, "--json")) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("table", table.ref().toString());
            doc.put("partitions", TableJson.partitions(partitions));
            Json.print(out, doc);
        } else {
            int width = partitions.stream().mapToInt(p -> p.path().length()).max().orElse(0);
            for (Partition p : partitions) {
                // A partition stored otherwise than its table is the one a query would refuse: say so.
                String format = p.format() == table.format() ? "" : "  (stored as " + p.format() + ")";
                out.println(String.format("%-" + width + "s", p.path()) + "  " + p.location() + format);
            }
            out.flush();
            spec.commandLine().getErr().println(partitions.size() + " partition(s) of " + table.ref());
            spec.commandLine().getErr().flush();
        }
        return 0;
    }
}
