package io.tableload.load;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link LoadedTable#records(RecordOptions)} streams rows.
 *
 * @param threads how many files are decoded at once, ahead of the caller; 0 picks one per core,
 *     at most 8, and no more than a quarter of the heap can hold a row group of the largest file
 *     for (parquet-mr holds one row group per file being decoded)
 * @param planOrder true for rows file after file in plan order; false to take each batch of rows
 *     as soon as it is decoded: files come interleaved (each file's rows still in order), and
 *     every thread keeps decoding, where in plan order a file decoded ahead waits once its rows
 *     fill its queue
 * @param columns the columns each record holds, in this order (partition columns among them as
 *     any other), or empty for all: the table's columns, then its partition columns. Names are
 *     matched without regard to case, as Hive does. Only these columns are decoded
 */
public record RecordOptions(int threads, boolean planOrder, List<String> columns) {
    public RecordOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (one per core) or more, was " + threads);
        }
        columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
        Set<String> seen = new HashSet<>();
        for (String column : columns) {
            if (column.isBlank()) {
                throw new IllegalArgumentException("a column name is empty in " + columns);
            }
            if (!seen.add(column.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("column " + column + " is named twice in " + columns);
            }
        }
    }

    /** Plan order, threads picked by the machine and the heap, every column. */
    public static RecordOptions defaults() {
        return new RecordOptions(0, true, List.of());
    }

    /** The same, decoding at most {@code count} files at once (at least 1; 0 picks by the machine). */
    public RecordOptions withThreads(int count) {
        return new RecordOptions(count, planOrder, columns);
    }

    /** The same, with rows in whatever order they are decoded: the fastest for a caller that shuffles anyway. */
    public RecordOptions inAnyOrder() {
        return new RecordOptions(threads, false, columns);
    }

    /**
     * The same, with only these columns in each record, in this order: the others are not decoded
     * at all, which makes a stream of a few columns out of many that much faster. A column that
     * the table has but a file lacks (added to the table after the file was written) is null.
     */
    public RecordOptions withColumns(String... names) {
        return withColumns(List.of(names));
    }

    /** As {@link #withColumns(String...)}; an empty list means every column. */
    public RecordOptions withColumns(List<String> names) {
        return new RecordOptions(threads, planOrder, names);
    }
}
