package io.tableload.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The rows of a local query, fully read into memory. Values are plain Java objects as DuckDB's
 * JDBC driver returns them ({@code Long}, {@code String}, {@code BigDecimal}, {@code LocalDate}...).
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
