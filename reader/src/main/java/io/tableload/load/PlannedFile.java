package io.tableload.load;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One data file a load will fetch.
 *
 * @param url the object's {@code s3://bucket/key} URL
 * @param relativePath where it lands under the destination: {@code <partition path>/<file name>},
 *     such as {@code country=FI/dt=2024-01-01/part-0.parquet} (just the file name for an
 *     unpartitioned table)
 * @param size its size in bytes, from the listing
 * @param partitionValues the raw values of the partition it belongs to, in partition-key order
 *     (null for Hive's default partition)
 * @param deletes the row-level deletes that apply to it (Iceberg tables only), which the load
 *     applies: the file lands without the rows they delete, and is then no copy of the object
 * @param columnMapping for an Iceberg table whose columns were renamed, how the file's columns
 *     become the table's; the load writes a file whose columns have other names again, under the
 *     table's names. Empty when its columns are read by name
 */
public record PlannedFile(String url, String relativePath, long size, Map<String, String> partitionValues,
        List<RowDeletes> deletes, Optional<ColumnMapping> columnMapping) {
    public PlannedFile {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(relativePath, "relativePath");
        if (size < 0) {
            throw new IllegalArgumentException("size < 0: " + size);
        }
        partitionValues = Collections.unmodifiableMap(new LinkedHashMap<>(partitionValues));
        deletes = List.copyOf(deletes);
        Objects.requireNonNull(columnMapping, "columnMapping");
    }

    /** A data file whose columns are read by name. */
    public PlannedFile(String url, String relativePath, long size, Map<String, String> partitionValues,
            List<RowDeletes> deletes) {
        this(url, relativePath, size, partitionValues, deletes, Optional.empty());
    }

    /** A data file that is all rows: no deletes apply to it. */
    public PlannedFile(String url, String relativePath, long size, Map<String, String> partitionValues) {
        this(url, relativePath, size, partitionValues, List.of());
    }
}
