package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.Table;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What each streamed record holds: the partition columns' values, which Hive keeps out of the
 * files, and either every column or only those asked for, in the order asked.
 *
 * @param partitionColumns the table's partition columns
 * @param columns the columns asked for, spelled as the table spells them; empty for all: the
 *     file's columns, then the partition columns
 */
record RowShape(List<PartitionColumn> partitionColumns, List<String> columns) {
    RowShape {
        partitionColumns = List.copyOf(partitionColumns);
        columns = List.copyOf(columns);
    }

    /** Every column of each file, then the partition columns. */
    static RowShape allColumns(List<PartitionColumn> partitionColumns) {
        return new RowShape(partitionColumns, List.of());
    }

    /**
     * The columns asked for (all when none are), checked against the table's columns and
     * partition columns, so that a misspelt name fails before any file is read rather than
     * reading as null.
     *
     * @throws TableloadException ({@link ErrorCode#USAGE}) naming a column the table does not have
     */
    static RowShape of(Table table, List<PartitionColumn> partitionColumns, List<String> requested) {
        List<String> columns = requested.stream().map(c -> TableColumns.require(table, c, "withColumns")).toList();
        return new RowShape(partitionColumns, columns);
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
