package io.tableload.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;

/**
 * Gives a local Parquet file's columns and nested fields the table's current names
 * ({@link ColumnMapping}) by writing its footer again, in place: the data pages stay as they were written, so a file of
 * any size is renamed in the time its footer takes. A column that goes by its field id (or the
 * table's name mapping) gets that id too. The footer's copies of the schema under the old names
 * (Avro's, Spark's, Arrow's, Iceberg's) are left out, so that no reader takes the columns by them.
 */
final class FooterRenames {
    /** Key-value metadata holding a schema with the columns' names, as writers embed it. */
    private static final Set<String> SCHEMA_COPIES = Set.of("parquet.avro.schema", "avro.schema", "iceberg.schema",
            "org.apache.spark.sql.parquet.row.metadata", "ARROW:schema", "pandas");

    private FooterRenames() {
    }

    /** What {@link #renameInPlace} did. */
    enum Outcome {
        /** The footer was written again with the current names. */
        RENAMED,
        /** The file's columns had the current names already: it was left as it was. */
        UNCHANGED,
        /**
         * Nothing, as a footer cannot do: the file is encrypted, or holds a column (or field) the
         * table dropped whose name a current one took, which must be left out rather than renamed.
         */
        NOT_POSSIBLE
    }

    /** Gives the columns and nested fields of {@code file} the names {@code mapping} says they have now. */
    static Outcome renameInPlace(Path file, ColumnMapping mapping) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            Optional<ParquetFooter> footer = ParquetFooter.read(channel);
            if (footer.isEmpty() || footer.get().metadata().isSetEncryption_algorithm()) {
                return Outcome.NOT_POSSIBLE; // encrypted, or a plaintext footer signed
            }
            Outcome outcome = rename(footer.get().metadata(), mapping);
            if (outcome != Outcome.RENAMED) {
                return outcome;
            }
            ByteArrayOutputStream written = new ByteArrayOutputStream(footer.get().length());
            Util.writeFileMetaData(footer.get().metadata(), written);
            ByteBuffer end = ByteBuffer.allocate(written.size() + 8).order(ByteOrder.LITTLE_ENDIAN);
            end.put(written.toByteArray()).putInt(written.size()).put(ParquetFooter.MAGIC).flip();
            long start = footer.get().start();
            channel.truncate(start);
            while (end.hasRemaining()) {
                channel.write(end, start + end.position());
            }
            return Outcome.RENAMED;
        }
    }

    /** Renames the schema's elements and the column chunks' paths to them, in memory. */
    private static Outcome rename(FileMetaData metadata, ColumnMapping mapping) {
        List<SchemaElement> schema = metadata.getSchema();
        Set<String> current = mapping.namesById().values().stream().map(n -> n.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        boolean changed = false;
        Set<String> names = new HashSet<>();
        int next = 1;
        for (int c = 0; c < schema.get(0).getNum_children(); c++) {
            SchemaElement column = schema.get(next);
            String name = column.getName();
            OptionalInt fieldId = column.isSetField_id() ? OptionalInt.of(column.getField_id()) : OptionalInt.empty();
            Optional<String> now = mapping.currentName(name, fieldId);
            if (now.isEmpty() && current.contains(name.toLowerCase(Locale.ROOT))
                    || !names.add(now.orElse(name).toLowerCase(Locale.ROOT))) {
                return Outcome.NOT_POSSIBLE;
            }
            if (now.isPresent() && fieldId.isEmpty()) {
                column.setField_id(mapping.idsByName().get(name));
                changed = true;
            }
            if (now.isPresent() && !now.get().equals(name)) {
                column.setName(now.get());
                changed = true;
            }
            int end = ParquetFooter.afterSubtree(schema, next);
            for (int nested = next + 1; nested < end; nested++) {
                SchemaElement field = schema.get(nested);
                String renamed = field.isSetField_id() ? mapping.nestedNamesById().get(field.getField_id()) : null;
                if (renamed != null && !renamed.equals(field.getName())) {
                    field.setName(renamed);
                    changed = true;
                }
            }
            next = end;
        }
        if (!changed) {
            return Outcome.UNCHANGED;
        }
        List<List<String>> paths = new ArrayList<>();
        if (!leafPaths(schema, 0, List.of(), paths)) {
            return Outcome.NOT_POSSIBLE; // two fields of one struct would share a name
        }
        for (RowGroup rowGroup : metadata.getRow_groups()) {
            if (rowGroup.getColumns().size() != paths.size()) {
                return Outcome.NOT_POSSIBLE;
            }
            for (int i = 0; i < paths.size(); i++) {
                ColumnChunk chunk = rowGroup.getColumns().get(i);
                if (chunk.isSetMeta_data()) {
                    chunk.getMeta_data().setPath_in_schema(new ArrayList<>(paths.get(i)));
                }
            }
        }
        if (metadata.isSetKey_value_metadata()) {
            metadata.setKey_value_metadata(metadata.getKey_value_metadata().stream()
                    .filter(kv -> !SCHEMA_COPIES.contains(kv.getKey())).collect(Collectors.toList()));
        }
        return Outcome.RENAMED;
    }

    /**
     * Adds the path of each leaf under the element at {@code index} (the root's children's names
     * on), depth first, as column chunks list them; false when two children of a group share a name.
     */
    private static boolean leafPaths(List<SchemaElement> schema, int index, List<String> path,
            List<List<String>> paths) {
        SchemaElement element = schema.get(index);
        int children = element.isSetNum_children() ? element.getNum_children() : 0;
        if (children == 0) {
            paths.add(path);
            return true;
        }
        Set<String> names = new HashSet<>();
        int child = index + 1;
        for (int c = 0; c < children; c++) {
            String name = schema.get(child).getName();
            List<String> childPath = new ArrayList<>(path);
            childPath.add(name);
            if (!names.add(name.toLowerCase(Locale.ROOT)) || !leafPaths(schema, child, childPath, paths)) {
                return false;
            }
            child = ParquetFooter.afterSubtree(schema, child);
        }
        return true;
    }
}
