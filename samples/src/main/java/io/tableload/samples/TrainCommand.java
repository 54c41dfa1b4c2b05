package io.tableload.samples;

import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.TableRef;
import io.tableload.load.LoadedTable;
import io.tableload.load.TableLoader;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tableload demo train}: the example training step against a throwaway local stack. Loads
 * one country of {@code sales} with {@link TableLoader}, fits {@link TrainingStep}'s regression and
 * prints its error on the held-out rows.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Load one country of the sample sales table and fit a regression of amount on it.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--country", paramLabel = "CODE", defaultValue = "FI", description = "The country to train on (default: ${DEFAULT-VALUE}).")
    String country;

    @Option(names = "--size-mb", paramLabel = "MB", defaultValue = "20", description = "Sample data size in MB (default: ${DEFAULT-VALUE}).")
    long sizeMb;

    @Option(names = "--days", paramLabel = "N", defaultValue = "7", description = "Days of sales (default: ${DEFAULT-VALUE}).")
    int days;

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        try (LocalStack stack = SampleStack.start(out, sizeMb, days);
             TableLoader loader = TableLoader.open(stack.metastoreSettings(), stack.s3Settings())) {
            out.println("== loading default.sales, country=" + country);
            try (LoadedTable sales = loader.load(TableRef.parse("sales"), PartitionFilter.parse("country=" + country))) {
                out.printf(Locale.ROOT, "  %d files, %d bytes, fetched in %.2f s%n",
                        sales.files().size(), sales.plan().bytes(), sales.fetchTime().toNanos() / 1e9);
                out.println("== fitting amount ~ quantity + unit_price + quantity*unit_price + product (Tribuo, least squares)");
                long t = System.nanoTime();
                TrainingStep.Result fit = TrainingStep.train(sales);
                out.printf(Locale.ROOT, "  trained on %d rows, tested on %d held-out rows in %.2f s: RMSE %.3f, R^2 %.4f%n",
                        fit.trainRows(), fit.testRows(), (System.nanoTime() - t) / 1e9, fit.rmse(), fit.r2());
            }
        }
        return 0;
    }
}
