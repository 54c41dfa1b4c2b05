package io.tableload.load;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.parquet.format.SchemaElement;

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

    /** Reads the footer of {@code parquet} ({@link ParquetFooter}). */
    static FileColumns read(Path parquet) throws IOException {
        Optional<ParquetFooter> footer;
        try (FileChannel channel = FileChannel.open(parquet)) {
            footer = ParquetFooter.read(channel);
        }
        if (footer.isEmpty()) {
            throw new IOException("its footer is encrypted");
        }
        List<SchemaElement> schema = footer.get().metadata().getSchema();
        List<FileColumn> columns = new ArrayList<>();
        int next = 1;
        for (int c = 0; c < schema.get(0).getNum_children(); c++) {
            SchemaElement column = schema.get(next);
            columns.add(new FileColumn(column.getName(),
                    column.isSetField_id() ? OptionalInt.of(column.getField_id()) : OptionalInt.empty()));
            next = ParquetFooter.afterSubtree(schema, next);
        }
        return new FileColumns(columns);
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
}
