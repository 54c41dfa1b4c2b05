package io.tableload.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * Gives a local Parquet file's top-level columns the table's current names ({@link ColumnMapping})
 * by writing its footer again, in place: the data pages stay as they were written, so a file of
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

    /**
     * Renames the columns of {@code file} that the table renamed. Changes nothing and returns
     * false where a footer cannot do: an encrypted file, or one holding a column the table
     * dropped whose name a current column has (the file must then be written again without it).
     */
    static boolean renameInPlace(Path file, ColumnMapping mapping) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            Optional<ParquetFooter> footer = ParquetFooter.read(channel);
            if (footer.isEmpty() || footer.get().metadata().isSetEncryption_algorithm()
                    || !rename(footer.get().metadata(), mapping)) {
                return false; // encrypted, signed, or a dropped column in a current one's way
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
            return true;
        }
    }

    /** Renames the schema's top-level columns and their column chunks' paths; false when it cannot. */
    private static boolean rename(FileMetaData metadata, ColumnMapping mapping) {
        List<SchemaElement> schema = metadata.getSchema();
        Set<String> current = mapping.namesById().values().stream().map(n -> n.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        Map<String, String> renamed = new HashMap<>();
        Set<String> names = new HashSet<>();
        int next = 1;
        for (int c = 0; c < schema.get(0).getNum_children(); c++) {
            SchemaElement column = schema.get(next);
            String name = column.getName();
            OptionalInt fieldId = column.isSetField_id() ? OptionalInt.of(column.getField_id()) : OptionalInt.empty();
            Optional<String> now = mapping.currentName(name, fieldId);
            if (now.isEmpty() && current.contains(name.toLowerCase(Locale.ROOT))
                    || !names.add(now.orElse(name).toLowerCase(Locale.ROOT))) {
                return false;
            }
            if (now.isPresent() && fieldId.isEmpty()) {
                column.setField_id(mapping.idsByName().get(name));
            }
            if (now.isPresent() && !now.get().equals(name)) {
                renamed.put(name, now.get());
                column.setName(now.get());
            }
            next = ParquetFooter.afterSubtree(schema, next);
        }
        for (RowGroup rowGroup : metadata.getRow_groups()) {
            for (ColumnChunk chunk : rowGroup.getColumns()) {
                if (chunk.isSetMeta_data()) {
                    List<String> path = new ArrayList<>(chunk.getMeta_data().getPath_in_schema());
                    path.set(0, renamed.getOrDefault(path.get(0), path.get(0)));
                    chunk.getMeta_data().setPath_in_schema(path);
                }
            }
        }
        if (metadata.isSetKey_value_metadata()) {
            metadata.setKey_value_metadata(metadata.getKey_value_metadata().stream()
                    .filter(kv -> !SCHEMA_COPIES.contains(kv.getKey())).collect(Collectors.toList()));
        }
        return true;
    }
}
