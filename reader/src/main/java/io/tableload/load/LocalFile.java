package io.tableload.load;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One loaded data file on local disk and the partition it belongs to.
 *
 * @param path where the file is
 * @param partitionValues raw partition values in partition-key order (null for Hive's default
 *     partition); empty for an unpartitioned table
 * @param size file size in bytes
 */
public record LocalFile(Path path, Map<String, String> partitionValues, long size) {
    public LocalFile {
        Objects.requireNonNull(path, "path");
        partitionValues = Collections.unmodifiableMap(new LinkedHashMap<>(partitionValues));
        if (size < 0) {
            throw new IllegalArgumentException("size < 0: " + size);
        }
    }
}
