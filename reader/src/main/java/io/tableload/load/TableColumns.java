package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.Column;
import io.tableload.catalog.Table;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A table's column names as the metastore spells them, matched as Hive matches them: without regard to case. */
final class TableColumns {
    private TableColumns() {}

    /** The data columns, then the partition columns. */
    private static List<String> names(Table table) {
        return Stream.concat(table.columns().stream(), table.partitionKeys().stream()).map(Column::name).toList();
    }

    /** The table's spelling of {@code name}, if the table has such a column. */
    private static Optional<String> find(Table table, String name) {
        return names(table).stream().filter(n -> n.equalsIgnoreCase(name)).findFirst();
    }

    /**
     * The table's spelling of {@code name}, else a usage error that names what the table has: a
     * misspelt column fails before anything is read.
     *
     * @param subject what named the column, for the message ({@code --columns})
     */
    static String require(Table table, String name, String subject) {
        return find(table, name).orElseThrow(() -> new TableloadException(ErrorCode.USAGE, subject + " names " + name
                + ", which " + table.ref() + " does not have; its columns are " + String.join(", ", names(table))));
    }
}
