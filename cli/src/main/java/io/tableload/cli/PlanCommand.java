package io.tableload.cli;

import static io.tableload.cli.Declarations.flag;
import static io.tableload.cli.Declarations.isSet;
import static io.tableload.cli.Declarations.option;
import static io.tableload.cli.Declarations.value;

import io.tableload.load.LoadPlan;
import io.tableload.load.TableLoader;
import io.tableload.load.TableVersion;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tableload plan}: how a load splits into shards, for fanning out over workers. */
final class PlanCommand implements Callable<Integer> {
    private final CommandSpec spec;

    private PlanCommand() {
        spec = Declarations.command(this, "plan",
                "Split a load into N shards of about equal bytes (whole files, or whole partitions with"
                        + " --by-partition).",
                "Worker I of N then runs: tableload --table T ... --shard I/N");
        Verbosity.declare(spec);
        MetastoreOptions.declare(spec);
        S3Options.declare(spec);
        TableOptions.declare(spec);
        spec.addOption(option("--shards").paramLabel("N").type(int.class).defaultValue("1")
                .description("How many shards (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(flag("--by-partition").description("Keep each partition whole within one shard.").build());
        spec.addOption(Declarations.json());
    }

    static CommandSpec spec() {
        return new PlanCommand().spec;
    }

    @Override
    public Integer call() {
        LoadPlan plan;
        try (TableLoader loader = TableLoader.open(MetastoreOptions.settings(spec), S3Options.settings(spec))) {
            plan = loader.plan(TableOptions.ref(spec), TableOptions.filter(spec), Optional.empty(),
                    TableOptions.version(spec));
        }
        int shards = value(spec, "--shards");
        List<LoadPlan> split = plan.shards(shards, isSet(spec, "--by-partition"));
        PrintWriter out = spec.commandLine().getOut();
        if (isSet(spec, "--json")) {
            List<Map<String, Object>> shardDocs = new ArrayList<>();
            for (int i = 0; i < split.size(); i++) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("shard", i + "/" + shards);
                s.put("bytes", split.get(i).bytes());
                s.put("partitions", split.get(i).partitions().stream().map(p -> p.path()).toList());
                s.put("files", split.get(i).files().stream().map(f -> TableJson.file(f, null)).toList());
                shardDocs.add(s);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("table", plan.table().ref().toString());
            plan.snapshot().ifPresent(snapshot -> doc.put("snapshot", snapshot));
            doc.put("bytes", plan.bytes());
            doc.put("files", plan.files().size());
            doc.put("shards", shardDocs);
            Json.print(out, doc);
            return 0;
        }
        for (int i = 0; i < split.size(); i++) {
            LoadPlan s = split.get(i);
            out.println("shard " + i + "/" + shards + "  " + s.files().size() + " file(s)  " + Sizes.bytes(s.bytes())
                    + "  " + s.partitions().size() + " partition(s)");
        }
        out.flush();
        spec.commandLine().getErr().println(plan.files().size() + " file(s), " + Sizes.bytes(plan.bytes()) + " in "
                + plan.partitions().size() + " partition(s) of " + plan.table().ref() + LoadCommand.snapshot(plan));
        if (plan.snapshot().isPresent() && !(TableOptions.version(spec) instanceof TableVersion.Snapshot)) {
            // Each worker plans again: one that did after a commit would split other files.
            spec.commandLine().getErr().println("give the workers --snapshot " + plan.snapshot().getAsLong()
                    + " so that they split these files whatever is committed meanwhile");
        }
        spec.commandLine().getErr().flush();
        return 0;
    }

}
