package io.tableload.load;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * Decoded rows gathered for one hand-over to the caller: full at {@link #MAX_ROWS} rows or once
 * its rows hold {@code maxBytes} of data, whichever comes first. Every row is measured, not only
 * the first: a table whose first row is small and whose next ones are large would otherwise
 * gather a thousand large rows in one batch, far past the queue's budget.
 */
final class RowBatch {
    /** Enough rows per hand-over that the queue's locking costs nothing beside decoding. */
    static final int MAX_ROWS = 1024;

    private final long maxBytes;
    private List<GenericRecord> rows = new ArrayList<>();
    private long bytes;

    RowBatch(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Adds {@code row}; true when the batch is now full and should be {@linkplain #take() taken}. */
    boolean add(GenericRecord row) {
        rows.add(row);
        bytes += RowSize.approximateBytes(row);
        return rows.size() >= MAX_ROWS || bytes >= maxBytes;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The rows gathered so far; the batch starts again empty. */
    List<GenericRecord> take() {
        List<GenericRecord> taken = rows;
        rows = new ArrayList<>(Math.min(MAX_ROWS, taken.size()));
        bytes = 0;
        return taken;
    }
}
