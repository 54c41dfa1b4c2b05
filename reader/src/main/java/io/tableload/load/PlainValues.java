package io.tableload.load;

import java.sql.Array;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBStruct;

/**
 * Turns what DuckDB's JDBC driver returns for one value into plain Java, so that no JDBC type
 * reaches a {@link QueryResult}: a list or array as a {@code List}, a struct as a {@code Map} from
 * field name to value in field order, a map as a {@code Map}, a blob as {@code byte[]}, a
 * timestamp as {@code LocalDateTime}, a time as {@code LocalTime}, at any depth. Everything else
 * (numbers, strings, {@code LocalDate}, {@code OffsetDateTime}, {@code UUID}) is plain already.
 *
 * <p>A timestamp without a time zone nested in a list, struct or map reaches this class as the
 * driver's {@code java.sql.Timestamp}, made through the JVM's time zone: one that zone skips (02:30
 * on a spring-forward night) comes out an hour later. A column of such timestamps does not: the
 * caller reads it as a {@code LocalDateTime} ({@link #isLocalTimestamp}).
 */
final class PlainValues {
    private PlainValues() {
    }

    /** Whether a column of DuckDB's type {@code typeName} holds timestamps without a time zone. */
    static boolean isLocalTimestamp(String typeName) {
        return typeName.equals("TIMESTAMP") || typeName.equals("TIMESTAMP_NS") || typeName.equals("TIMESTAMP_MS")
                || typeName.equals("TIMESTAMP_S");
    }

    static Object of(Object value) throws SQLException {
        if (value instanceof Array array) {
            Object[] elements = (Object[]) array.getArray();
            List<Object> list = new ArrayList<>(elements.length);
            for (Object element : elements) {
                list.add(of(element));
            }
            return Collections.unmodifiableList(list);
        }
        if (value instanceof DuckDBStruct struct) {
            return plainMap(struct.getMap());
        }
        if (value instanceof Struct struct) { // a driver's struct without names: its values in field order
            List<Object> values = new ArrayList<>();
            for (Object attribute : struct.getAttributes()) {
                values.add(of(attribute));
            }
            return Collections.unmodifiableList(values);
        }
        if (value instanceof Map<?, ?> map) {
            return plainMap(map);
        }
        if (value instanceof Blob blob) {
            return blob.getBytes(1, Math.toIntExact(blob.length()));
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof Time time) {
            return time.toLocalTime();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        return value;
    }

    private static Map<Object, Object> plainMap(Map<?, ?> map) throws SQLException {
        Map<Object, Object> plain = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            plain.put(of(e.getKey()), of(e.getValue()));
        }
        return Collections.unmodifiableMap(plain);
    }
}
