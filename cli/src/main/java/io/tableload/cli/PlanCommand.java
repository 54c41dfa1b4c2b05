package io.tableload.cli;

import io.tableload.load.LoadPlan;
import io.tableload.load.TableLoader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tableload plan}: how a load splits into shards, for fanning out over workers. */
@Command(addMethodSubcommands = false, name = "plan", mixinStandardHelpOptions = true, description = {
    "Split a load into N shards of about equal bytes (whole files, or whole partitions with",
    "--by-partition). Worker I of N then runs: tableload --table T ... --shard I/N"})
final class PlanCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Verbosity verbosity;
    @Mixin MetastoreOptions metastore;
    @Mixin S3Options s3;
    @Mixin TableOptions tableOptions;

    @Option(names = "--shards", paramLabel = "N", defaultValue = "1", description = "How many shards (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--by-partition", description = "Keep each partition whole within one shard.")
    boolean byPartition;

    @Option(names = "--json", description = "Print one JSON document on stdout.")
    boolean json;

    @Override
    public Integer call() {
        LoadPlan plan;
        try (TableLoader loader = TableLoader.open(metastore.settings(), s3.settings())) {
            plan = loader.plan(tableOptions.ref(), tableOptions.filter());
        }
        List<LoadPlan> split = plan.shards(shards, byPartition);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
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
                + plan.partitions().size() + " partition(s) of " + plan.table().ref());
        spec.commandLine().getErr().flush();
        return 0;
    }

}
