package io.tableload.samples;

import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.TableRef;
import io.tableload.load.LoadPlan;
import io.tableload.load.TableLoader;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tableload demo fan-out}: plans {@code sales} into one shard per country and trains one
 * model per country in parallel worker JVMs ({@link TrainWorker}), each loading only its shard,
 * as an orchestrator's array job would. Fails (exit 1) if any worker fails.
 */
@Command(name = "fan-out", mixinStandardHelpOptions = true,
        description = "Train one model per country of the sample sales table, in parallel worker processes.")
final class FanOutCommand implements Callable<Integer> {
    @Option(names = "--partition", paramLabel = "SPEC", description = "Which partitions to plan (default: all).")
    List<String> partitions = new ArrayList<>();

    @Option(names = "--parallel", paramLabel = "N", description = "Workers running at once (default: the number of cores).")
    int parallel = Runtime.getRuntime().availableProcessors();

    @Option(names = "--size-mb", paramLabel = "MB", defaultValue = "20", description = "Sample data size in MB (default: ${DEFAULT-VALUE}).")
    long sizeMb;

    @Option(names = "--days", paramLabel = "N", defaultValue = "7", description = "Days of sales (default: ${DEFAULT-VALUE}).")
    int days;

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        long begin = System.nanoTime();
        try (LocalStack stack = SampleStack.start(out, sizeMb, days)) {
            LoadPlan plan;
            try (TableLoader loader = TableLoader.open(stack.metastoreSettings(), stack.s3Settings())) {
                plan = loader.plan(TableRef.parse("sales"), PartitionFilter.parse(partitions));
            }
            List<CountryShards.Shard> shards = CountryShards.of(plan);
            out.printf(Locale.ROOT, "== planned %d files, %d bytes, into %d shards, one per country; running %d workers at a time%n",
                    plan.files().size(), plan.bytes(), shards.size(), parallel);
            for (int i = 0; i < shards.size(); i++) {
                out.printf(Locale.ROOT, "  $ train-worker --shard %d/%d%s    # %s%n", i, shards.size(),
                        partitions.stream().map(p -> " --partition '" + p + "'").reduce("", String::concat), shards.get(i).country());
            }
            List<WorkerReport> reports = fanOut(stack, partitions, parallel).run(shards.size());
            out.println("== results");
            out.println("  shard  country  files     bytes  train rows  test rows       RMSE     R^2");
            for (WorkerReport r : reports) {
                out.printf(Locale.ROOT, "  %-6s %-7s %6d %9d %11d %10d %10.3f %7.4f%n", r.shard(), r.country(), r.files(), r.bytes(),
                        r.fit().trainRows(), r.fit().testRows(), r.fit().rmse(), r.fit().r2());
            }
            long files = reports.stream().mapToLong(WorkerReport::files).sum();
            out.printf(Locale.ROOT, "%n%d workers loaded %d of the plan's %d files; fan-out finished in %.1f s%n",
                    reports.size(), files, plan.files().size(), (System.nanoTime() - begin) / 1e9);
            return files == plan.files().size() ? 0 : 1;
        }
    }

    /** Workers that reach the stack through the environment, as containers would. */
    static FanOut fanOut(LocalStack stack, List<String> partitions, int parallel) {
        List<String> args = new ArrayList<>(List.of("--path-style"));
        partitions.forEach(p -> args.addAll(List.of("--partition", p)));
        return new FanOut(Map.of(
                "TABLELOAD_METASTORE", stack.metastoreUri(),
                "AWS_ENDPOINT_URL_S3", stack.s3().endpoint().toString(),
                "AWS_ACCESS_KEY_ID", stack.s3().accessKey(),
                "AWS_SECRET_ACCESS_KEY", stack.s3().secretKey(),
                "AWS_REGION", stack.s3().region()), args, parallel, Duration.ofMinutes(5));
    }
}
