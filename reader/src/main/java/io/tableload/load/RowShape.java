package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.Column;
import io.tableload.catalog.Table;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What each streamed record holds: the partition columns' values, which Hive keeps out of the
 * files, and either every column or only those asked for, in the order asked; text, as the table
 * declares it, where a file stores strings as bare BINARY.
 *
 * @param partitionColumns the table's partition columns
 * @param columns the columns each record holds, spelled as the table spells them; empty for
 *     each file's own columns, then the partition columns (files read without a table)
 * @param bareBinaryText which columns hold text where a file stores a bare BINARY
 * @param declaredTypes the table's Hive type of each data column, by lower-case name: a file's
 *     narrower type is widened to it ({@link DeclaredWidening}); empty for types as stored
 */
record RowShape(List<PartitionColumn> partitionColumns, List<String> columns, BareBinaryText bareBinaryText,
        Map<String, String> declaredTypes) {
    RowShape {
        partitionColumns = List.copyOf(partitionColumns);
        columns = List.copyOf(columns);
        Objects.requireNonNull(bareBinaryText, "bareBinaryText");
        declaredTypes = Map.copyOf(declaredTypes);
    }

    /** The columns asked for, with bare BINARY and every type as stored: for files read without a table. */
    RowShape(List<PartitionColumn> partitionColumns, List<String> columns) {
        this(partitionColumns, columns, BareBinaryText.NONE, Map.of());
    }

    /** Every column of each file, then the partition columns; bare BINARY and every type as stored. */
    static RowShape allColumns(List<PartitionColumn> partitionColumns) {
        return new RowShape(partitionColumns, List.of());
    }

    /** The Hive type the table declares for a data column (any case), if the shape knows the table. */
    Optional<String> declaredType(String column) {
        return Optional.ofNullable(declaredTypes.get(column.toLowerCase(Locale.ROOT)));
    }

    /**
     * The columns asked for, checked against the table's columns and partition columns, so that a
     * misspelt name fails before any file is read rather than reading as null. None asked for is
     * all of them: the columns the table declares, then its partition columns, as Hive and Spark
     * read a table, whatever each file holds (a column added after a file was written is null,
     * one the table does not declare is left out, each is named as the table names it). Only a
     * table that declares no columns gives each file's own.
     *
     * @throws TableloadException ({@link ErrorCode#USAGE}) naming a column the table does not have
     */
    static RowShape of(Table table, List<PartitionColumn> partitionColumns, List<String> requested) {
        List<String> columns;
        if (!requested.isEmpty()) {
            columns = requested.stream().map(c -> TableColumns.require(table, c, "withColumns")).toList();
        } else if (table.columns().isEmpty()) {
            columns = List.of();
        } else {
            columns = Stream.concat(table.columns().stream().map(Column::name), partitionColumns.stream().map(PartitionColumn::name))
                    .toList();
        }
        Map<String, String> types = table.columns().stream()
                .collect(Collectors.toMap(c -> c.name().toLowerCase(Locale.ROOT), Column::type, (a, b) -> a));
        return new RowShape(partitionColumns, columns, BareBinaryText.of(table), types);
    }

    /** Whether only some columns were asked for. */
    boolean projected() {
        return !columns.isEmpty();
    }

    /** The partition column of this name, if it is one. */
    Optional<PartitionColumn> partitionColumn(String name) {
        return partitionColumns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The columns asked for that are read from the files, in lower case; only when {@link #projected()}. */
    Set<String> fileColumnsLowerCase() {
        return columns.stream().filter(c -> partitionColumn(c).isEmpty())
                .map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
