package io.tableload.catalog;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A table as the metastore describes it.
 *
 * @param ref the table's database and name
 * @param columns the data columns in table order, with their Hive types
 * @param partitionKeys the partition keys in partition order (empty for an unpartitioned table)
 * @param location the table location, normalized as {@link Locations#normalize} does; {@code null}
 *     for a table without one
 * @param format the storage format
 * @param tableType the metastore's table type ({@code EXTERNAL_TABLE}, {@code MANAGED_TABLE}...)
 * @param parameters the table parameters, sorted by key
 */
public record Table(TableRef ref, List<Column> columns, List<Column> partitionKeys, String location,
        StorageFormat format, String tableType, Map<String, String> parameters) {
    public Table {
        Objects.requireNonNull(ref, "ref");
        columns = List.copyOf(columns);
        partitionKeys = List.copyOf(partitionKeys);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(tableType, "tableType");
        parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
    }

    /**
     * Where an Iceberg table's current metadata file is ({@code s3://.../metadata/00003-....metadata.json}),
     * as Iceberg's catalogs register it in the metastore: table type {@code ICEBERG} and the file in
     * {@code metadata_location}. Empty for any other table.
     */
    public Optional<String> icebergMetadataLocation() {
        return isIceberg() ? Optional.ofNullable(parameters.get("metadata_location")) : Optional.empty();
    }

    /** Whether an Iceberg catalog registered the table: its parameter {@code table_type} is {@code ICEBERG}. */
    public boolean isIceberg() {
        return parameters.entrySet().stream()
                .anyMatch(e -> e.getKey().equalsIgnoreCase("table_type") && "ICEBERG".equalsIgnoreCase(e.getValue()));
    }

    /** Whether the table has partition keys. */
    public boolean isPartitioned() {
        return !partitionKeys.isEmpty();
    }
}
