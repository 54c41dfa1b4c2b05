package io.tableload.load;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How the columns of an Iceberg table's data files become the table's current columns, for a
 * table whose columns or nested fields were renamed, or whose columns were dropped and their
 * names given to new columns. A file's column is the current column of its Parquet field id,
 * whatever name it was written under; in a file written without field ids (adopted from a Hive
 * table, say), it is the column of the id the table's name mapping gives its name. A file column
 * of an id the table no longer has was dropped, and is not read. A nested field of a struct goes
 * by its field id likewise.
 *
 * @param namesById the current top-level column names by field id
 * @param idsByName the table's name mapping ({@code schema.name-mapping.default}): field ids by
 *     each name a top-level column went by; empty when the table has none
 * @param nestedNamesById the nested struct fields that were renamed: their current names by
 *     field id; empty when none was
 */
public record ColumnMapping(Map<Integer, String> namesById, Map<String, Integer> idsByName,
        Map<Integer, String> nestedNamesById) {
    public ColumnMapping {
        namesById = Map.copyOf(namesById);
        idsByName = Map.copyOf(idsByName);
        nestedNamesById = Map.copyOf(nestedNamesById);
    }

    /** The mapping of a table whose nested fields kept their names. */
    public ColumnMapping(Map<Integer, String> namesById, Map<String, Integer> idsByName) {
        this(namesById, idsByName, Map.of());
    }

    /**
     * The current name of the column a file holds as {@code name}, with field id {@code fieldId}
     * (empty when the file has none); empty when that column is not the table's (any more).
     */
    public Optional<String> currentName(String name, OptionalInt fieldId) {
        Objects.requireNonNull(name, "name");
        Integer id = fieldId.isPresent() ? Integer.valueOf(fieldId.getAsInt()) : idsByName.get(name);
        return id == null ? Optional.empty() : Optional.ofNullable(namesById.get(id));
    }
}
