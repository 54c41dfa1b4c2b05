package io.tableload.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The rows of a local query, fully read into memory. Values are plain Java objects, never JDBC
 * types: {@code Boolean}, {@code Byte}, {@code Short}, {@code Integer}, {@code Long}, {@code Float},
 * {@code Double}, {@code BigDecimal}, {@code BigInteger}, {@code String}, {@code LocalDate},
 * {@code LocalDateTime} (a timestamp), {@code OffsetDateTime} (a timestamp with time zone: the
 * instant, at the JVM's offset), {@code LocalTime}, {@code UUID},
 * {@code byte[]} (a blob), an unmodifiable {@code List} (a list or array), and an unmodifiable
 * {@code Map} (a map, or a struct from field name to value in field order), nested as the types are;
 * SQL null is {@code null}.
 *
 * @param columns column names, in select order
 * @param rows rows in the order the query produced them; each row has one value per column
 */
public record QueryResult(List<String> columns, List<List<Object>> rows) {
    public QueryResult {
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            Objects.requireNonNull(row, "row");
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }
}
