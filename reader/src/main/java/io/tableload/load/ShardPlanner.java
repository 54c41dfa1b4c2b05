package io.tableload.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits the files of a load into shards of about equal bytes, so that N workers each fetching one
 * shard finish at about the same time. Deterministic: every worker computes the same split from
 * the same plan, with no coordination.
 *
 * <p>Greedy largest-first: take the units (files, or whole partitions) from the largest down and
 * give each to the shard with the fewest bytes so far (the lowest index on a tie). Within a shard,
 * files keep the plan's order.
 */
final class ShardPlanner {
    private ShardPlanner() {}

    static List<List<PlannedFile>> split(List<PlannedFile> files, int count, boolean byPartition) {
        List<List<PlannedFile>> units = byPartition ? byPartition(files) : files.stream().map(List::of).toList();
        List<List<PlannedFile>> sorted = new ArrayList<>(units);
        sorted.sort(Comparator.comparingLong(ShardPlanner::bytes).reversed()
                .thenComparing(u -> u.get(0).relativePath()));
        long[] load = new long[count];
        List<List<PlannedFile>> shards = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            shards.add(new ArrayList<>());
        }
        for (List<PlannedFile> unit : sorted) {
            int target = 0;
            for (int i = 1; i < count; i++) {
                if (load[i] < load[target]) {
                    target = i;
                }
            }
            shards.get(target).addAll(unit);
            load[target] += bytes(unit);
        }
        Map<PlannedFile, Integer> order = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            order.putIfAbsent(files.get(i), i);
        }
        for (List<PlannedFile> shard : shards) {
            shard.sort(Comparator.comparingInt(order::get));
        }
        return shards.stream().map(List::copyOf).toList();
    }

    private static List<List<PlannedFile>> byPartition(List<PlannedFile> files) {
        Map<Map<String, String>, List<PlannedFile>> groups = new LinkedHashMap<>();
        for (PlannedFile f : files) {
            groups.computeIfAbsent(f.partitionValues(), k -> new ArrayList<>()).add(f);
        }
        return new ArrayList<>(groups.values());
    }

    private static long bytes(List<PlannedFile> unit) {
        long sum = 0;
        for (PlannedFile f : unit) {
            sum += f.size();
        }
        return sum;
    }
}
