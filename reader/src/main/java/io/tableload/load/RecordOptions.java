package io.tableload.load;

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
 */
public record RecordOptions(int threads, boolean planOrder) {
    public RecordOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (one per core) or more, was " + threads);
        }
    }

    /** Plan order, threads picked by the machine and the heap. */
    public static RecordOptions defaults() {
        return new RecordOptions(0, true);
    }

    /** The same, decoding at most {@code count} files at once (at least 1; 0 picks by the machine). */
    public RecordOptions withThreads(int count) {
        return new RecordOptions(count, planOrder);
    }

    /** The same, with rows in whatever order they are decoded: the fastest for a caller that shuffles anyway. */
    public RecordOptions inAnyOrder() {
        return new RecordOptions(threads, false);
    }
}
