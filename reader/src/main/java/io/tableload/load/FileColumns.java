package io.tableload.load;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The top-level columns of a local Parquet file, as its footer lists them: their names and, where
 * the writer gave them (Iceberg's writers do), their field ids.
 */
record FileColumns(List<FileColumn> columns) {
    /** A top-level column: its name in the file, and its field id, when it has one. */
    record FileColumn(String name, OptionalInt fieldId) {
    }

    FileColumns {
        columns = List.copyOf(columns);
    }

    /**
     * Reads the footer of {@code parquet} with DuckDB, already open where this is needed (parquet-mr
     * would first set up its Hadoop configuration: about half a second of CPU per load). DuckDB's
     * {@code parquet_schema} lists the schema's elements depth first, the root first, each
     * group with its number of children.
     */
    static FileColumns read(Connection duckDb, Path parquet) throws SQLException {
        List<Integer> children = new ArrayList<>();
        List<FileColumn> elements = new ArrayList<>();
        String query = "SELECT name, field_id, num_children FROM parquet_schema("
                + DuckDbTable.quoteLiteral(parquet.toString()) + ")";
        try (Statement s = duckDb.createStatement(); ResultSet r = s.executeQuery(query)) {
            while (r.next()) {
                // By getObject: the driver's getInt reads NULL as 0, and wasNull does not say so.
                Object id = r.getObject("field_id");
                Object count = r.getObject("num_children");
                elements.add(new FileColumn(r.getString("name"),
                        id == null ? OptionalInt.empty() : OptionalInt.of(((Number) id).intValue())));
                children.add(count == null ? 0 : ((Number) count).intValue());
            }
        }
        List<FileColumn> columns = new ArrayList<>();
        int next = 1;
        for (int i = 0; i < (elements.isEmpty() ? 0 : children.get(0)); i++) {
            columns.add(elements.get(next));
            next = afterSubtree(children, next);
        }
        return new FileColumns(columns);
    }

    /** The index of the element after the one at {@code index} and all its descendants. */
    private static int afterSubtree(List<Integer> children, int index) {
        int next = index + 1;
        for (int c = 0; c < children.get(index); c++) {
            next = afterSubtree(children, next);
        }
        return next;
    }

    /** Whether some column has a field id. */
    boolean hasFieldIds() {
        return columns.stream().anyMatch(c -> c.fieldId().isPresent());
    }

    /**
     * The file's name of the table's column {@code column}: the column {@code mapping} makes it,
     * or, without a mapping, the column of that name in any case (as DuckDB matches names); empty
     * when the file lacks it.
     */
    Optional<String> nameOf(String column, Optional<ColumnMapping> mapping) {
        for (FileColumn c : columns) {
            boolean same = mapping.isPresent()
                    ? mapping.get().currentName(c.name(), c.fieldId()).filter(column::equals).isPresent()
                    : c.name().equalsIgnoreCase(column);
            if (same) {
                return Optional.of(c.name());
            }
        }
        return Optional.empty();
    }

    /**
     * Whether, read by name, some column would not be the table's column {@code mapping} makes it:
     * it has another name now, or it was dropped and its name is a current column's.
     */
    boolean differFromNames(ColumnMapping mapping) {
        Set<String> current = mapping.namesById().values().stream().map(n -> n.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        for (FileColumn c : columns) {
            Optional<String> now = mapping.currentName(c.name(), c.fieldId());
            if (now.isPresent() ? !now.get().equals(c.name()) : current.contains(c.name().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
