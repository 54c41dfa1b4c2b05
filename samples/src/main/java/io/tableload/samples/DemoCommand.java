package io.tableload.samples;

import io.tableload.cli.Main;
import io.tableload.sandbox.Directories;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tableload demo}: starts the local stack, creates the sample tables, loads one country's
 * partitions and runs one filtered extract with the real {@code tableload} command, prints what it
 * did with timings, then stops everything and deletes what it wrote.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, subcommands = {TrainCommand.class, FanOutCommand.class},
        description = "Load a sample table from a local S3 server and Hive Metastore, then stop them.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--size-mb", paramLabel = "MB", defaultValue = "200", description = "Sample data size in MB (default: ${DEFAULT-VALUE}).")
    long sizeMb;

    @Option(names = "--days", paramLabel = "N", defaultValue = "7", description = "Days of sales, one dt partition each per country (default: ${DEFAULT-VALUE}).")
    int days;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws IOException {
        if (sizeMb < 1 || days < 1) {
            throw new IllegalArgumentException("--size-mb and --days must be 1 or more");
        }
        long begin = System.nanoTime();
        Path work = Files.createTempDirectory("tableload-demo");
        try {
            step("starting the local stack: an S3 server and a Hive Metastore on loopback");
            long t = System.nanoTime();
            try (LocalStack stack = LocalStack.startTransient()) {
                done(t);
                step("creating the sample tables (" + sizeMb + " MB of sales over 30 countries x " + days + " days)");
                t = System.nanoTime();
                SampleTables.Installed installed = SampleTables.install(stack, sizeMb * 1_000_000, days, 42);
                done(t, installed.partitions() + " partitions of default.sales, plus products and sales_by_year");
                SandboxCredentials.useFor(stack.s3());

                int code = run(stack, "describe", "--table", "sales");
                code = code != 0 ? code : run(stack, "--table", "sales", "--partition", "country=FI",
                        "--dest", work.resolve("sales-fi").toString());
                code = code != 0 ? code : run(stack, "--table", "sales", "--partition", "country in (FI, SE),dt>=" + extractFrom(),
                        "--where", "amount > 50 AND discount_code IS NOT NULL",
                        "--columns", "order_id,country,dt,product,amount,discount_code",
                        "--output", work.resolve("discounted-large-orders.csv").toString());
                if (code == 0) {
                    List<String> lines = Files.readAllLines(work.resolve("discounted-large-orders.csv"));
                    out.println("  first rows of the extract:");
                    lines.stream().limit(4).forEach(l -> out.println("    " + l));
                }
                step("stopping the local stack");
                t = System.nanoTime();
                stack.close();
                done(t);
                out.printf(Locale.ROOT, "%ndemo %s in %.1f s%n", code == 0 ? "finished" : "failed", seconds(begin));
                return code;
            }
        } finally {
            Directories.deleteRecursively(work);
        }
    }

    /** The third day, or the last when there are fewer: the extract must match something. */
    private LocalDate extractFrom() {
        return SampleTables.FIRST_DAY.plusDays(Math.min(2, days - 1));
    }

    private int run(LocalStack stack, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        out.println();
        out.println("$ tableload " + String.join(" ", quoted(all)));
        boolean catalogOnly = all.get(0).equals("describe") || all.get(0).equals("partitions");
        all.addAll(catalogOnly ? stack.cliOptions().subList(0, 2) : stack.cliOptions());
        long t = System.nanoTime();
        int code = Main.commandLine().execute(all.toArray(String[]::new));
        out.printf(Locale.ROOT, "  (exit %d, %.2f s)%n", code, seconds(t));
        return code;
    }

    private static List<String> quoted(List<String> args) {
        return args.stream().map(a -> a.matches("[A-Za-z0-9_./=,:-]+") ? a : "'" + a.replace("'", "'\\''") + "'").toList();
    }

    private void step(String what) {
        out.println();
        out.println("== " + what);
    }

    private void done(long start) {
        out.printf(Locale.ROOT, "  done in %.1f s%n", seconds(start));
    }

    private void done(long start, String detail) {
        out.printf(Locale.ROOT, "  %s, in %.1f s%n", detail, seconds(start));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
