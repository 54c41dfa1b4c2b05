package io.tableload.cli;

import static io.tableload.cli.Declarations.isSet;

import io.tableload.TableloadException;
import io.tableload.catalog.Column;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableCatalog;
import io.tableload.catalog.TableDescription;
import io.tableload.catalog.TableRef;
import io.tableload.load.TableLoader;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tableload describe}: a table's shape as the metastore knows it, and for an Iceberg table
 * as its metadata says (its current schema, and the partition fields {@code --partition} names).
 * A table a load refuses (a view, a Delta Lake table...) is shown too, with the reason, so its
 * columns and location can still be looked at.
 */
final class DescribeCommand implements Callable<Integer> {
    private final CommandSpec spec;

    private DescribeCommand() {
        spec = Declarations.command(this, "describe", "Show a table's columns, partition keys, location and format.");
        Verbosity.declare(spec);
        MetastoreOptions.declare(spec);
        S3Options.declare(spec); // an Iceberg table's columns are in its metadata on S3
        TableOptions.declareTable(spec);
        spec.addOption(Declarations.json());
    }

    static CommandSpec spec() {
        return new DescribeCommand().spec;
    }

    @Override
    public Integer call() {
        TableRef ref = TableOptions.ref(spec);
        TableDescription described;
        try (TableCatalog catalog = TableCatalog.hiveMetastore(MetastoreOptions.settings(spec))) {
            described = catalog.describe(ref);
        }
        Table t = described.loadable() ? asLoaded(described.table()) : described.table();
        PrintWriter out = spec.commandLine().getOut();
        if (isSet(spec, "--json")) {
            Map<String, Object> json = TableJson.table(t);
            json.put("loadable", described.loadable());
            described.notLoadable().ifPresent(why -> json.put("notLoadable", why));
            Json.print(out, json);
            return 0;
        }
        out.println("table       " + t.ref());
        out.println("type        " + t.tableType());
        // An Iceberg table's files, format and partitions are in its metadata, not the metastore's.
        out.println("format      " + t.icebergMetadataLocation().map(m -> "Iceberg, current metadata " + m)
                .orElse(t.format().toString()));
        out.println("location    " + t.location());
        described.notLoadable().ifPresent(why -> out.println("loadable    no: " + why));
        printColumns(out, "columns", t.columns());
        printColumns(out, "partitioned by", t.partitionKeys());
        if (!t.parameters().isEmpty()) {
            out.println("parameters");
            t.parameters().forEach((k, v) -> out.println("  " + k + " = " + v));
        }
        out.flush();
        return 0;
    }

    /**
     * An Iceberg table as a load sees it, from its metadata; the metastore's description, with a
     * warning, when that cannot be read (no S3 access from here, say).
     */
    private Table asLoaded(Table table) {
        if (table.icebergMetadataLocation().isEmpty()) {
            return table;
        }
        try (TableLoader loader = TableLoader.open(MetastoreOptions.settings(spec), S3Options.settings(spec))) {
            return loader.table(table.ref());
        } catch (TableloadException e) {
            spec.commandLine().getErr().println("tableload: showing the metastore's columns, which may not be the"
                    + " table's: its Iceberg metadata could not be read (" + e.getMessage() + ")");
            spec.commandLine().getErr().flush();
            return table;
        }
    }

    private static void printColumns(PrintWriter out, String title, List<Column> columns) {
        if (columns.isEmpty()) {
            return;
        }
        int width = columns.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        out.println(title);
        for (Column c : columns) {
            String comment = c.comment() == null || c.comment().isEmpty() ? "" : "  -- " + c.comment();
            out.println("  " + String.format("%-" + width + "s", c.name()) + "  " + c.type() + comment);
        }
    }
}
