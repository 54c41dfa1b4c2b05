package io.tableload.load;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;

/** How big a decoded row is, roughly: what {@link ReadAheadRecords} sizes its batches by. */
final class RowSize {
    private RowSize() {}

    /**
     * About how many bytes of data {@code value} holds: text, bytes and nested values counted,
     * 8 for any other value. Object headers are left out; this only sizes batches.
     */
    static long approximateBytes(Object value) {
        // Measured for every decoded row: the commonest values are tested first, concrete classes
        // before interfaces.
        if (value == null || value instanceof Number || value instanceof Instant || value instanceof LocalDate
                || value instanceof LocalDateTime || value instanceof Boolean) {
            return 8;
        } else if (value instanceof Utf8 text) {
            return text.getByteLength(); // its length() would decode it into a String
        } else if (value instanceof List<?> items) {
            long total = 0;
            for (int i = 0; i < items.size(); i++) { // Avro's arrays: no iterator to allocate
                total += approximateBytes(items.get(i));
            }
            return total;
        } else if (value instanceof GenericRecord record) {
            long total = 0;
            for (int i = 0; i < record.getSchema().getFields().size(); i++) {
                total += approximateBytes(record.get(i));
            }
            return total;
        } else if (value instanceof CharSequence text) {
            return text.length();
        } else if (value instanceof ByteBuffer bytes) {
            return bytes.remaining();
        } else if (value instanceof byte[] bytes) {
            return bytes.length;
        } else if (value instanceof GenericFixed fixed) {
            return fixed.bytes().length;
        } else if (value instanceof Collection<?> items) {
            long total = 0;
            for (Object item : items) {
                total += approximateBytes(item);
            }
            return total;
        } else if (value instanceof Map<?, ?> map) {
            long total = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                total += approximateBytes(e.getKey()) + approximateBytes(e.getValue());
            }
            return total;
        }
        return 8;
    }
}
