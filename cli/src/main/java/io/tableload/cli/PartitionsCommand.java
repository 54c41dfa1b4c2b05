package io.tableload.cli;

import static io.tableload.cli.Declarations.isSet;

import io.tableload.TableloadException;
import io.tableload.catalog.Partition;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableCatalog;
import io.tableload.load.LoadPlan;
import io.tableload.load.NothingMatched;
import io.tableload.load.TableLoader;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tableload partitions}: the partitions a filter selects, with their locations; exit 4 for none. */
final class PartitionsCommand implements Callable<Integer> {
    private final CommandSpec spec;

    private PartitionsCommand() {
        spec = Declarations.command(this, "partitions",
                "List the partitions that match, with their locations, in partition order;"
                        + " exit 4 when none does.");
        Verbosity.declare(spec);
        MetastoreOptions.declare(spec);
        S3Options.declare(spec); // an Iceberg table's partitions are in its metadata on S3
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
        TableloadException noneMatched = null;
        try (TableCatalog catalog = TableCatalog.hiveMetastore(MetastoreOptions.settings(spec))) {
            table = catalog.table(TableOptions.ref(spec));
            PartitionFilter filter = TableOptions.filter(spec);
            if (table.icebergMetadataLocation().isPresent() || TableOptions.versionGiven(spec)) {
                LoadPlan plan = icebergPlan(table, filter); // exit 4 for none
                table = plan.table();
                partitions = plan.partitions();
            } else {
                partitions = catalog.partitions(table, filter);
            }
            if (partitions.isEmpty() && table.isPartitioned()) {
                // Exit 4, as a load would: a script waiting for a partition to land asks this command.
                noneMatched = NothingMatched.noPartition(catalog, table, filter);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (isSet(spec, "--json")) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("table", table.ref().toString());
            doc.put("partitions", TableJson.partitions(partitions));
            Json.print(out, doc);
            out.flush();
        } else if (noneMatched == null) {
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
        if (noneMatched != null) {
            throw noneMatched;
        }
        return 0;
    }

    /** The plan of an Iceberg table: its partitions are in its snapshot's manifests, not in the metastore. */
    private LoadPlan icebergPlan(Table table, PartitionFilter filter) {
        try (TableLoader loader = TableLoader.open(MetastoreOptions.settings(spec), S3Options.settings(spec))) {
            return loader.plan(table.ref(), filter, Optional.empty(), TableOptions.version(spec));
        }
    }
}
