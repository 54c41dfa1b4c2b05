package io.tableload.load;

import io.tableload.catalog.Partition;
import io.tableload.catalog.Table;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a load will fetch: the table, the partitions that matched the filter, and the data files
 * under them with their sizes. Immutable; {@link #shard} and {@link #shards} return new plans.
 *
 * @param table the table as the metastore describes it
 * @param partitions the matching partitions in the catalog's order (one location-only partition
 *     for an unpartitioned table)
 * @param files the data files, partition by partition, each partition's files in key order
 * @param snapshot for an Iceberg table, the snapshot whose files these are; empty for a Hive table
 */
public record LoadPlan(Table table, List<Partition> partitions, List<PlannedFile> files, OptionalLong snapshot) {
    public LoadPlan {
        Objects.requireNonNull(table, "table");
        partitions = List.copyOf(partitions);
        files = List.copyOf(files);
        Objects.requireNonNull(snapshot, "snapshot");
    }

    /** The plan of a Hive table, which has no snapshots. */
    public LoadPlan(Table table, List<Partition> partitions, List<PlannedFile> files) {
        this(table, partitions, files, OptionalLong.empty());
    }

    /** The bytes of all files. */
    public long bytes() {
        long sum = 0;
        for (PlannedFile f : files) {
            sum += f.size();
        }
        return sum;
    }

    /** The partition columns, typed, in partition order. */
    public List<PartitionColumn> partitionColumns() {
        return table.partitionKeys().stream().map(k -> new PartitionColumn(k.name(), k.type())).toList();
    }

    /**
     * Splits this plan into {@code count} plans of about equal bytes, every file in exactly one;
     * with {@code byPartition}, every partition's files stay together. Deterministic, so separate
     * workers that each compute the split agree on it. A shard may be empty when there are fewer
     * files (or partitions) than shards.
     */
    public List<LoadPlan> shards(int count, boolean byPartition) {
        new ShardSpec(0, count); // validates the count with the usual message
        return ShardPlanner.split(files, count, byPartition).stream().map(this::withFiles).toList();
    }

    /** The files of one shard of {@link #shards}. */
    public LoadPlan shard(ShardSpec shard, boolean byPartition) {
        return shards(shard.count(), byPartition).get(shard.index());
    }

    /** This plan with only {@code kept} of its partitions, and their files. */
    LoadPlan withPartitions(List<Partition> kept) {
        Set<Object> values = new HashSet<>();
        for (Partition p : kept) {
            values.add(p.values());
        }
        return new LoadPlan(table, kept, files.stream().filter(f -> values.contains(f.partitionValues())).toList(),
                snapshot);
    }

    private LoadPlan withFiles(List<PlannedFile> subset) {
        Set<Object> values = new HashSet<>();
        for (PlannedFile f : subset) {
            values.add(f.partitionValues());
        }
        List<Partition> kept = partitions.stream().filter(p -> values.contains(p.values())).toList();
        return new LoadPlan(table, kept, subset, snapshot);
    }
}
