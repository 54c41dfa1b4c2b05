package io.tableload.samples;

import io.tableload.sandbox.hms.HiveTestData;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes one benchmark table's files with DuckDB and registers the table and its partitions. */
final class BenchTableInstaller {
    /** A table: its name, its string partition keys and its files, in groups of one file size. */
    record TableShape(String name, List<String> partitionKeys, List<FileGroup> groups) {
        TableShape {
            partitionKeys = List.copyOf(partitionKeys);
            groups = List.copyOf(groups);
        }
    }

    /**
     * Partitions (their values in key order) with {@code filesPerPartition} files of about
     * {@code bytesPerFile} each; {@code dayOfFile} is the SQL day expression for
     * {@link BenchParquetWriter#write}, {@code f} counting files across the group.
     */
    record FileGroup(List<List<String>> partitions, int filesPerPartition, long bytesPerFile, String dayOfFile) {
        FileGroup {
            partitions = List.copyOf(partitions);
            if (filesPerPartition < 1 || bytesPerFile < 1) {
                throw new IllegalArgumentException("a file group needs files and bytes");
            }
        }
    }

    private final HiveTestData metastore;
    private final BenchParquetWriter writer;
    private final Path bucketDir;
    private final PrintStream progress;

    BenchTableInstaller(HiveTestData metastore, BenchParquetWriter writer, Path bucketDir, PrintStream progress) {
        this.metastore = metastore;
        this.writer = writer;
        this.bucketDir = bucketDir;
        this.progress = progress;
    }

    BenchTables.Built install(TableShape shape, long seed) {
        long start = System.nanoTime();
        String location = "s3://" + BenchTables.BUCKET + "/" + shape.name();
        HiveTestData.TableBuilder table = metastore.table(BenchTables.DATABASE, shape.name()).location(location);
        for (String[] column : BenchParquetWriter.HIVE_COLUMNS) {
            table.column(column[0], column[1]);
        }
        shape.partitionKeys().forEach(key -> table.partitionKey(key, "string"));
        table.create();

        long rows = 0;
        long bytes = 0;
        int files = 0;
        List<HiveTestData.PartitionSpec> specs = new ArrayList<>();
        for (FileGroup group : shape.groups()) {
            long rowsPerFile = Math.max(1, group.bytesPerFile() / writer.bytesPerRow());
            List<Path> targets = new ArrayList<>();
            for (List<String> values : group.partitions()) {
                String path = partitionPath(shape.partitionKeys(), values);
                specs.add(new HiveTestData.PartitionSpec(values, location + "/" + path));
                for (int i = 0; i < group.filesPerPartition(); i++) {
                    targets.add(bucketDir.resolve(shape.name() + "/" + path + String.format(Locale.ROOT, "/part-%05d.parquet", i)));
                }
            }
            progress.printf(Locale.ROOT, "  %s.%s: writing %,d files of %,d rows (about %,d bytes each)%n",
                    BenchTables.DATABASE, shape.name(), targets.size(), rowsPerFile, rowsPerFile * writer.bytesPerRow());
            bytes += writer.write(targets, rowsPerFile, rows, seed, group.dayOfFile());
            rows += rowsPerFile * targets.size();
            files += targets.size();
        }
        long registering = System.nanoTime();
        metastore.addPartitions(BenchTables.DATABASE, shape.name(), specs);
        progress.printf(Locale.ROOT, "  %s.%s: registered %,d partitions in %.1f s%n", BenchTables.DATABASE, shape.name(),
                specs.size(), (System.nanoTime() - registering) / 1e9);
        return new BenchTables.Built(shape.name(), specs.size(), files, rows, bytes, (System.nanoTime() - start) / 1e9);
    }

    /** {@code k1=v1/k2=v2}; the values here need none of Hive's escaping. */
    private static String partitionPath(List<String> keys, List<String> values) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            parts.add(keys.get(i) + "=" + values.get(i));
        }
        return String.join("/", parts);
    }
}
