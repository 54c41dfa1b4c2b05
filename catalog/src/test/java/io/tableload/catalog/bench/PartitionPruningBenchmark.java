package io.tableload.catalog.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.catalog.MetastoreSettings;
import io.tableload.catalog.Partition;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableCatalog;
import io.tableload.catalog.TableRef;
import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.hms.HiveTestData.PartitionSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How long partition pruning takes on a table with 20,000 partitions (20 countries x 1,000 days)
 * in the sandbox metastore (Hive Metastore 4.0.1, embedded Derby, direct SQL). Not a timed test:
 * it is tagged {@code bench}, left out of the default build, and run by {@code bench/catalog/run},
 * which writes the figures to {@code bench/catalog/RESULTS.md}. Each case is warmed up, then
 * timed repeatedly; the median is the figure to quote.
 */
@Tag("bench")
class PartitionPruningBenchmark {
    private static final String DB = "bench_catalog";
    private static final int COUNTRIES = 20;
    private static final int DAYS = 1000;
    private static final LocalDate FIRST_DAY = LocalDate.of(2022, 1, 1);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 5);
    private static final int RUNS = Integer.getInteger("bench.runs", 21);

    private record Case(String name, MetastoreSettings settings, List<String> specs, int expected, int runs) {
        Case(String name, MetastoreSettings settings, List<String> specs, int expected) {
            this(name, settings, specs, expected, RUNS);
        }
    }

    @Test
    void pruneTwentyThousandPartitions() throws IOException {
        HiveMetastoreSandbox hms = HiveMetastoreSandbox.start(Map.of());
        try {
            long created = create(hms.uri());
            MetastoreSettings pushdown = MetastoreSettings.of(List.of(URI.create(hms.uri())));
            MetastoreSettings local = pushdown.withFilterPushdown(false);
            List<Case> cases = List.of(
                    new Case("one partition, pushed down", pushdown, List.of("country=c07,dt=2023-03-01"), 1),
                    new Case("one week of one country, pushed down", pushdown,
                            List.of("country=c07,dt>=2023-06-01,dt<2023-06-08"), 7),
                    new Case("two partitions ORed, pushed down", pushdown,
                            List.of("country=c07,dt=2023-03-01", "country=c11,dt=2022-01-01"), 2),
                    new Case("one day of every country (date key only), pushed down", pushdown, List.of("dt=2023-03-01"), 20),
                    new Case("one country (1,000 partitions), pushed down", pushdown, List.of("country=c07"), DAYS),
                    new Case("one partition, evaluated locally (names + fetch by name)", local,
                            List.of("country=c07,dt=2023-03-01"), 1),
                    new Case("one country, evaluated locally", local, List.of("country=c07"), DAYS),
                    new Case("every partition (20,000)", pushdown, List.of(), COUNTRIES * DAYS, 5));
            List<String> rows = new ArrayList<>();
            for (Case c : cases) {
                rows.add(measure(c));
            }
            rows.add(measureLookup(pushdown));
            write(created, rows);
        } finally {
            hms.close();
        }
    }

    private static long create(String uri) {
        List<PartitionSpec> specs = new ArrayList<>(COUNTRIES * DAYS);
        for (int c = 0; c < COUNTRIES; c++) {
            for (int d = 0; d < DAYS; d++) {
                String country = String.format("c%02d", c);
                String day = FIRST_DAY.plusDays(d).toString();
                specs.add(new PartitionSpec(List.of(country, day),
                        "s3://bench/events/country=" + country + "/dt=" + day));
            }
        }
        long start = System.nanoTime();
        try (HiveTestData data = HiveTestData.connect(uri)) {
            data.createDatabase(DB);
            data.table(DB, "events").column("id", "bigint").column("payload", "string")
                    .partitionKey("country", "string").partitionKey("dt", "date").location("s3://bench/events").create();
            data.addPartitions(DB, "events", specs); // batches of 100: embedded Derby takes no more
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String measure(Case c) {
        try (TableCatalog catalog = TableCatalog.hiveMetastore(c.settings())) {
            Table table = catalog.table(new TableRef(DB, "events"));
            PartitionFilter filter = PartitionFilter.parse(c.specs());
            return row(c.name(), c.specs().isEmpty() ? "(none)" : String.join(" OR ", c.specs()), c.runs(), () -> {
                List<Partition> found = catalog.partitions(table, filter);
                assertThat(found).as(c.name()).hasSize(c.expected());
                return found.size();
            });
        }
    }

    private static String measureLookup(MetastoreSettings settings) {
        try (TableCatalog catalog = TableCatalog.hiveMetastore(settings)) {
            return row("table lookup", "-", RUNS, () -> catalog.table(new TableRef(DB, "events")).partitionKeys().size());
        }
    }

    private static String row(String name, String spec, int runs, Supplier<Integer> run) {
        int found = 0;
        for (int i = 0; i < Math.min(WARMUP, runs); i++) {
            found = run.get();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            run.get();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        String row = String.format("| %s | `%s` | %d | %d | %.1f | %.1f | %.1f | %.1f |", name, spec, found, runs,
                ms[runs / 2], ms[0], ms[(int) Math.ceil(runs * 0.9) - 1], ms[runs - 1]);
        System.out.println(row);
        return row;
    }

    private static void write(long createdMillis, List<String> rows) throws IOException {
        String out = System.getProperty("bench.results");
        StringBuilder md = new StringBuilder();
        md.append("# Catalog benchmark: partition pruning on 20,000 partitions\n\n");
        md.append("Written by `bench/catalog/run` on ").append(Instant.now()).append(".\n\n");
        md.append("- Machine: ").append(Machine.describe()).append('\n');
        md.append("- Metastore: Hive Metastore 4.0.1 (sandbox, child JVM, embedded in-memory Derby, direct SQL on)\n");
        md.append("- Table: `").append(DB).append(".events`, keys `country string` (20 values) x `dt date`")
                .append(" (1,000 days) = 20,000 partitions, each with its own location\n");
        md.append("- Creating them (add_partitions in batches of 100): ").append(createdMillis).append(" ms\n");
        md.append("- Each case: ").append(WARMUP).append(" warm-up runs, then ").append(RUNS)
                .append(" timed runs (fewer where the table says so) of `TableCatalog.partitions` (filter parse excluded, one catalog,")
                .append(" pooled connection); times in ms\n\n");
        md.append("| case | specs | partitions | runs | median | min | p90 | max |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        System.out.print(md);
        if (out != null) {
            Files.writeString(Path.of(out), md.toString(), StandardCharsets.UTF_8);
        }
    }
}
