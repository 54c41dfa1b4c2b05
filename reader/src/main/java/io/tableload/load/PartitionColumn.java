package io.tableload.load;

import java.util.Objects;

/** A partition column of a loaded table: its name and its Hive type name (such as {@code date}). */
public record PartitionColumn(String name, String hiveType) {
    public PartitionColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hiveType, "hiveType");
    }

    HiveType type() {
        return HiveType.of(hiveType);
    }
}
