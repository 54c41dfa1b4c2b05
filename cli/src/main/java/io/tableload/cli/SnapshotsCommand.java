package io.tableload.cli;

import static io.tableload.cli.Declarations.isSet;

import io.tableload.catalog.TableRef;
import io.tableload.load.TableLoader;
import io.tableload.load.TableSnapshot;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tableload snapshots}: the snapshots an Iceberg table keeps, oldest first, the ids that
 * {@code --snapshot} takes; exit 2 for a Hive table, which has none.
 */
final class SnapshotsCommand implements Callable<Integer> {
    private final CommandSpec spec;

    private SnapshotsCommand() {
        spec = Declarations.command(this, "snapshots",
                "List an Iceberg table's snapshots, oldest first: their ids (for --snapshot), when they were"
                        + " committed, what the commit did, and the branches and tags at each.");
        Verbosity.declare(spec);
        MetastoreOptions.declare(spec);
        S3Options.declare(spec); // the snapshots are in the table's metadata on S3
        TableOptions.declareTable(spec);
        spec.addOption(Declarations.json());
    }

    static CommandSpec spec() {
        return new SnapshotsCommand().spec;
    }

    @Override
    public Integer call() {
        TableRef ref = TableOptions.ref(spec);
        List<TableSnapshot> snapshots;
        try (TableLoader loader = TableLoader.open(MetastoreOptions.settings(spec), S3Options.settings(spec))) {
            snapshots = loader.snapshots(ref);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (isSet(spec, "--json")) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("table", ref.toString());
            doc.put("snapshots", snapshots.stream().map(SnapshotsCommand::json).toList());
            Json.print(out, doc);
        } else {
            for (TableSnapshot s : snapshots) {
                out.println(s.id() + "  " + s.committedAt() + "  " + s.operation().orElse("-")
                        + summary(s, "added-records", "added") + summary(s, "deleted-records", "deleted")
                        + summary(s, "total-records", "total") + (s.current() ? "  (current)" : "") + refs(s));
            }
            spec.commandLine().getErr().println(snapshots.size() + " snapshot(s) of " + ref);
            spec.commandLine().getErr().flush();
        }
        out.flush();
        return 0;
    }

    /** {@code "  added 10"}: one count of the commit's summary, or nothing when it lacks it. */
    private static String summary(TableSnapshot s, String key, String label) {
        String value = s.summary().get(key);
        return value == null ? "" : "  " + label + " " + value;
    }

    /** {@code "  [tag audit, branch dev]"}: the branches and tags at the snapshot other than main, or nothing. */
    private static String refs(TableSnapshot s) {
        List<String> refs = new ArrayList<>();
        s.refs().forEach((name, type) -> {
            if (!name.equals("main")) {
                refs.add(type + " " + name);
            }
        });
        return refs.isEmpty() ? "" : "  [" + String.join(", ", refs) + "]";
    }

    private static Map<String, Object> json(TableSnapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("parentId", s.parentId().isPresent() ? s.parentId().getAsLong() : null);
        m.put("committedAt", s.committedAt().toString());
        m.put("operation", s.operation().orElse(null));
        m.put("current", s.current());
        m.put("refs", s.refs());
        m.put("summary", s.summary());
        return m;
    }
}
