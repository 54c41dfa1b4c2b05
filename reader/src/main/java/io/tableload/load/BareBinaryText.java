package io.tableload.load;

import io.tableload.catalog.Table;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which of a table's columns hold text where their files store a bare {@code BINARY}: one without
 * the {@code UTF8}/{@code STRING} annotation.
 *
 * <p>Impala (unless told otherwise) and older Hive, Spark and parquet-mr writers store
 * {@code string}, {@code varchar} and {@code char} columns that way. On its own such a file cannot
 * tell text from bytes, so parquet-avro would give {@code ByteBuffer}s and DuckDB {@code BLOB}s, on
 * which {@code LIKE} or {@code lower()} fail. The metastore can tell: Hive, Impala and Spark read
 * the column as the table declares it. So does tableload, at any depth of a column whose Hive type
 * names no {@code binary}: every bare BINARY in it is then text. A column declared {@code binary},
 * or nesting one, is left as its files store it, and so are columns the table does not declare.
 */
final class BareBinaryText {
    /** Reads every bare BINARY as stored: for files read without a table. */
    static final BareBinaryText NONE = new BareBinaryText(Set.of(), false);

    /** {@code binary} as a word of a Hive type: a type keyword, or a struct field of that name. */
    private static final Pattern BINARY = Pattern.compile("\\bbinary\\b", Pattern.CASE_INSENSITIVE);

    private final Set<String> textColumns;
    private final boolean everywhere;

    private BareBinaryText(Set<String> textColumns, boolean everywhere) {
        this.textColumns = textColumns;
        this.everywhere = everywhere;
    }

    /**
     * The data columns of {@code table} whose Hive types name no {@code binary}. A struct field
     * named {@code binary} counts too: such a column is left as stored, the cautious side.
     */
    static BareBinaryText of(Table table) {
        Set<String> text = table.columns().stream().filter(c -> !BINARY.matcher(c.type()).find())
                .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        return new BareBinaryText(text, text.size() == table.columns().size());
    }

    /** Whether every bare BINARY in the file column {@code name} (any case) is text. */
    boolean isText(String name) {
        return everywhere || textColumns.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether the table has no binary data at all, so every bare BINARY of its files is text,
     * in the columns it declares and any others a file may hold.
     */
    boolean everywhere() {
        return everywhere;
    }
}
