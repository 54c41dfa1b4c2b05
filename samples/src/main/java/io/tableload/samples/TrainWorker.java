package io.tableload.samples;

import io.tableload.TableloadException;
import io.tableload.catalog.MetastoreSettings;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.TableRef;
import io.tableload.load.LoadOptions;
import io.tableload.load.LoadPlan;
import io.tableload.load.LoadedTable;
import io.tableload.load.ShardSpec;
import io.tableload.load.TableLoader;
import io.tableload.s3.S3Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One fan-out worker, as an orchestrator runs it: shard {@code I} of {@code N}, one shard per
 * country (see {@link CountryShards}). It plans the table, loads only its country's files into a
 * temporary directory, trains the example model on them and prints one {@link WorkerReport} line.
 *
 * <p>Settings come from the environment, as in a container: {@code TABLELOAD_METASTORE},
 * {@code AWS_ENDPOINT_URL_S3} and the AWS SDK's usual credential and region variables.
 * Exit codes are tableload's (2 usage, 3 not found, 4 nothing matched, ...).
 */
@Command(name = "train-worker", mixinStandardHelpOptions = true,
        description = "Load one country's shard of the sales table and train the example model on it.")
public final class TrainWorker implements Callable<Integer> {
    @Option(names = "--table", paramLabel = "TABLE", defaultValue = "sales", description = "The table (default: ${DEFAULT-VALUE}).")
    String table;

    @Option(names = "--partition", paramLabel = "SPEC", description = "Which partitions to plan, as for tableload; all when absent.")
    List<String> partitions = new ArrayList<>();

    @Option(names = "--shard", paramLabel = "I/N", required = true,
            description = "This worker's country: the I-th (from 0) of the N countries the filter selects, by name.")
    String shard;

    @Option(names = "--metastore", paramLabel = "URIS", description = "Metastore URI(s) (default: TABLELOAD_METASTORE, then hive-site.xml).")
    String metastore;

    @Option(names = "--path-style", description = "Path-style S3 addressing (S3-compatible stores).")
    boolean pathStyle;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new TrainWorker());
        cmd.setExecutionExceptionHandler((e, c, parsed) -> {
            c.getErr().println("train-worker: " + e.getMessage());
            return e instanceof TableloadException t ? t.code().exitCode() : e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cmd;
    }

    @Override
    public Integer call() {
        ShardSpec spec = ShardSpec.parse(shard);
        S3Settings s3 = S3Settings.defaults().withPathStyle(pathStyle);
        try (TableLoader loader = TableLoader.open(MetastoreSettings.resolve(metastore), s3)) {
            LoadPlan plan = loader.plan(TableRef.parse(table), PartitionFilter.parse(partitions));
            List<CountryShards.Shard> shards = CountryShards.of(plan);
            if (shards.size() != spec.count()) {
                throw new IllegalArgumentException("--shard " + spec + " expects " + spec.count() + " countries, but the filter selects "
                        + shards.size() + ": run " + shards.size() + " workers, shards 0/" + shards.size() + " to "
                        + (shards.size() - 1) + "/" + shards.size());
            }
            CountryShards.Shard mine = shards.get(spec.index());
            try (LoadedTable loaded = loader.load(mine.plan(), LoadOptions.temporary())) {
                TrainingStep.Result fit = TrainingStep.train(loaded);
                System.out.println(new WorkerReport(spec, mine.country(), loaded.files().size(), mine.plan().bytes(), fit).toLine());
            }
        }
        return 0;
    }
}
