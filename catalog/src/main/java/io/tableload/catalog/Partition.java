package io.tableload.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One partition of a table (or the single implicit "partition" of an unpartitioned table).
 *
 * @param values the partition values by key, in partition-key order, unescaped; {@code null} for
 *     a NULL value (Hive's {@value PartitionPaths#DEFAULT_PARTITION}); empty for an unpartitioned
 *     table
 * @param location where the partition's files are, normalized as {@link Locations#normalize}
 *     does; it need not be under the table location
 * @param path the Hive partition path ({@code country=FI/dt=2024-01-01}, escaped the Hive way),
 *     where a loader lays out this partition's files under its destination; empty for an
 *     unpartitioned table
 * @param format how this partition's files are stored: a partition may be stored otherwise than
 *     its table (Hive's {@code ALTER TABLE ... PARTITION ... SET FILEFORMAT}), and a reader must
 *     go by the partition's
 */
public record Partition(Map<String, String> values, String location, String path, StorageFormat format) {
    public Partition {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values)); // ordered, NULL values allowed
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(format, "format");
        if (!PartitionPaths.path(values).equals(path)) {
            throw new IllegalArgumentException("path \"" + path + "\" does not match the values " + values);
        }
    }

    /** A partition with its path derived from its values. */
    public static Partition of(Map<String, String> values, String location, StorageFormat format) {
        return new Partition(values, location, PartitionPaths.path(values), format);
    }
}
