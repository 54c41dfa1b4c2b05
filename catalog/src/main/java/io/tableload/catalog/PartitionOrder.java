package io.tableload.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The order partitions are reported in. */
public final class PartitionOrder {
    private PartitionOrder() {
    }

    /**
     * Orders by partition values in key order, each compared by its key's type (numbers and dates
     * naturally, strings by character; values not of the type after those that are, NULL last),
     * then by location.
     */
    public static Comparator<Partition> of(List<Column> partitionKeys) {
        List<String> names = new ArrayList<>();
        List<KeyType> types = new ArrayList<>();
        for (Column key : partitionKeys) {
            names.add(key.name());
            KeyType t = KeyType.of(key.type());
            types.add(t == null ? KeyType.STRING : t);
        }
        return (a, b) -> {
            for (int i = 0; i < names.size(); i++) {
                int c = compare(types.get(i), a.values().get(names.get(i)), b.values().get(names.get(i)));
                if (c != 0) {
                    return c;
                }
            }
            return a.location().compareTo(b.location());
        };
    }

    private static int compare(KeyType type, String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        Comparable<?> ta = type.parse(a);
        Comparable<?> tb = type.parse(b);
        if (ta == null || tb == null) {
            return ta == null ? (tb == null ? a.compareTo(b) : 1) : -1;
        }
        return KeyType.compare(ta, tb);
    }
}
