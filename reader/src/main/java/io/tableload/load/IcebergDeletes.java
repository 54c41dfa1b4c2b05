package io.tableload.load;

import io.tableload.load.IcebergManifests.Content;
import io.tableload.load.IcebergManifests.Entry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * Which of a snapshot's delete files apply to which data files, by the rules of Iceberg's table
 * spec. A delete file only deletes rows of files in its partition (or in any partition, when its
 * spec is unpartitioned) that were there before it: a position delete applies to data files of a
 * sequence number up to its own and of the paths it names, an equality delete to data files of a
 * lower sequence number. So the delete files a compaction leaves behind, live but pointing at
 * files it replaced, delete nothing, and a table compacted that way loads.
 */
final class IcebergDeletes {
    private IcebergDeletes() {
    }

    /**
     * The data files of {@code data} that some of {@code deletes} apply to, each with those delete
     * files, in the order of {@code data}.
     *
     * @param unpartitionedSpec whether the partition spec of an id is unpartitioned
     * @param values a file's partition values
     */
    static Map<Entry, List<Entry>> applying(List<Entry> data, List<Entry> deletes,
            IntPredicate unpartitionedSpec, Function<Entry, Map<String, String>> values) {
        Map<List<Object>, List<Entry>> dataByPartition = new HashMap<>();
        data.forEach(d -> dataByPartition.computeIfAbsent(partition(d, values), k -> new ArrayList<>()).add(d));
        Map<Entry, List<Entry>> applying = new LinkedHashMap<>();
        data.forEach(d -> applying.put(d, new ArrayList<>()));
        for (Entry delete : deletes) {
            List<Entry> candidates = unpartitionedSpec.test(delete.specId()) ? data
                    : dataByPartition.getOrDefault(partition(delete, values), List.of());
            for (Entry d : candidates) {
                if (applies(delete, d)) {
                    applying.get(d).add(delete);
                }
            }
        }
        applying.values().removeIf(List::isEmpty);
        return applying;
    }

    private static boolean applies(Entry delete, Entry data) {
        if (delete.content() == Content.EQUALITY_DELETES) {
            return data.sequenceNumber() < delete.sequenceNumber();
        }
        return data.sequenceNumber() <= delete.sequenceNumber()
                && delete.referenced().map(r -> r.covers(data.path())).orElse(true);
    }

    private static List<Object> partition(Entry e, Function<Entry, Map<String, String>> values) {
        return List.of(e.specId(), values.apply(e));
    }
}
