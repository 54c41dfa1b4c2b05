package io.tableload.samples;

import io.tableload.sandbox.Directories;
import io.tableload.sandbox.hms.HiveTestData;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Creates the benchmark tables in a local stack with a filesystem S3 store: external Parquet
 * tables in the database {@value #DATABASE}, their files in the bucket {@value #BUCKET}, all with
 * the columns of {@link BenchParquetWriter#HIVE_COLUMNS}. At scale 1:
 * <ul>
 *   <li>{@code events_8} by {@code dt}: 2024-01-01 is 8 files of 128 MiB, 2024-01-02 and
 *       2024-01-03 one file of 8 MiB each;
 *   <li>{@code events_1000}: the same, but 2024-01-01 is 1,000 files of 1 MiB;
 *   <li>{@code events_20k} by {@code country} (50 codes) and {@code dt} (400 days): 20,000
 *       partitions of one 40 KiB file;
 *   <li>{@code sales_30} by {@code country} (30 codes): 2 files of 16 MiB each.
 * </ul>
 * A smaller scale shrinks the data: file sizes, except where a table is many small files, where
 * it shrinks their number ({@code events_1000}'s files, {@code events_20k}'s days) instead.
 *
 * <p>The files are written straight into the store's bucket directory, which the S3 server
 * serves as objects, so gigabytes need no upload.
 */
public final class BenchTables {
    public static final String DATABASE = "bench";
    public static final String BUCKET = "bench";

    private static final long MIB = 1024 * 1024;
    /** 50 two-letter country codes; the first 30 are {@code sales_30}'s. */
    static final List<String> COUNTRIES = List.of(
            "FI", "SE", "US", "DE", "NO", "DK", "FR", "GB", "NL", "BE", "ES", "IT", "PT", "PL", "CZ",
            "AT", "CH", "IE", "EE", "LV", "LT", "CA", "MX", "BR", "AR", "JP", "KR", "IN", "AU", "NZ",
            "SK", "HU", "RO", "BG", "GR", "HR", "SI", "IS", "LU", "MT", "CY", "CL", "CO", "PE", "ZA",
            "EG", "TR", "SG", "TH", "VN");

    private BenchTables() {}

    /** What {@link #install} created for one table. */
    public record Built(String table, int partitions, int files, long rows, long bytes, double seconds) {
        /** One line for a person: partitions, files, bytes and seconds. */
        public String summary() {
            return String.format(Locale.ROOT, "%s.%s: %,d partitions, %,d files, %,d rows, %,d bytes (%.1f MiB), %.1f s",
                    DATABASE, table, partitions, files, rows, bytes, bytes / (double) MIB, seconds);
        }
    }

    /** Whether the benchmark tables are there already (a kept sandbox); the last one is made last. */
    public static boolean installed(LocalStack stack) {
        try (HiveTestData data = HiveTestData.connect(stack.metastoreUri())) {
            return data.databaseExists(DATABASE) && data.tableExists(DATABASE, "sales_30");
        }
    }

    /**
     * Writes and registers the four tables at the given scale (1 is full size, about 3.9 GB),
     * replacing any earlier, partly made ones, and prints progress to {@code progress}.
     */
    public static List<Built> install(LocalStack stack, double scale, PrintStream progress) {
        if (!(scale > 0 && scale <= 1)) {
            throw new IllegalArgumentException("the scale must be in (0, 1], not " + scale);
        }
        Path store = stack.s3().storeDirectory().orElseThrow(() -> new IllegalStateException(
                "the benchmark tables need an S3 server with a filesystem store"));
        Path bucket = store.resolve(BUCKET);
        Path work = store.resolveSibling("bench-work");
        Directories.deleteRecursively(bucket);
        Directories.deleteRecursively(work);
        stack.s3().createBucket(BUCKET);
        List<Built> built = new ArrayList<>();
        try (HiveTestData data = HiveTestData.connect(stack.metastoreUri());
             BenchParquetWriter writer = new BenchParquetWriter(work)) {
            data.dropDatabase(DATABASE);
            data.createDatabase(DATABASE);
            progress.printf(Locale.ROOT, "  DuckDB writes about %d bytes a row%n", writer.bytesPerRow());
            BenchTableInstaller installer = new BenchTableInstaller(data, writer, bucket, progress);
            long seed = 1;
            for (BenchTableInstaller.TableShape shape : shapes(scale)) {
                Built b = installer.install(shape, seed++);
                progress.println("  " + b.summary());
                built.add(b);
            }
        } finally {
            Directories.deleteRecursively(work);
        }
        return built;
    }

    /** The four tables at a scale, as partitions and files. */
    static List<BenchTableInstaller.TableShape> shapes(double scale) {
        List<BenchTableInstaller.TableShape> shapes = new ArrayList<>();
        shapes.add(eventsByDay("events_8", 8, scaled(128 * MIB, scale), scale));
        shapes.add(eventsByDay("events_1000", Math.max(2, (int) Math.round(1000 * scale)), MIB, scale));
        int days = Math.max(1, (int) Math.round(400 * scale));
        List<List<String>> countryDays = new ArrayList<>();
        for (String country : COUNTRIES) {
            for (int d = 0; d < days; d++) {
                countryDays.add(List.of(country, SampleTables.FIRST_DAY.plusDays(d).toString()));
            }
        }
        shapes.add(new BenchTableInstaller.TableShape("events_20k", List.of("country", "dt"), List.of(
                new BenchTableInstaller.FileGroup(countryDays, 1, 40 * 1024, "f % " + days))));
        List<List<String>> countries = COUNTRIES.subList(0, 30).stream().map(List::of).toList();
        shapes.add(new BenchTableInstaller.TableShape("sales_30", List.of("country"), List.of(
                new BenchTableInstaller.FileGroup(countries, 2, scaled(16 * MIB, scale), "hash(i, 9) % 400"))));
        return shapes;
    }

    /** 2024-01-01 as {@code files} files, 2024-01-02 and 2024-01-03 as one 8 MiB file each (scaled). */
    private static BenchTableInstaller.TableShape eventsByDay(String name, int files, long fileBytes, double scale) {
        return new BenchTableInstaller.TableShape(name, List.of("dt"), List.of(
                new BenchTableInstaller.FileGroup(List.of(List.of("2024-01-01")), files, fileBytes, "0"),
                new BenchTableInstaller.FileGroup(List.of(List.of("2024-01-02"), List.of("2024-01-03")), 1,
                        scaled(8 * MIB, scale), "1 + f")));
    }

    private static long scaled(long bytes, double scale) {
        return Math.max(1024, Math.round(bytes * scale));
    }
}
