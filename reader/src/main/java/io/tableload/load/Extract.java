package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.Table;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What to write out of a loaded table with DuckDB: {@code --where}, {@code --columns},
 * {@code --limit} and {@code --output} of the command line.
 *
 * @param where a DuckDB SQL boolean expression over the table's columns (partition columns
 *     included), or empty for all rows
 * @param columns the columns to keep, in order, or empty for all; spaces around a name are ignored
 * @param limit the most rows to write, or empty for no limit
 * @param output the file to write; its extension picks the {@link OutputFormat}
 */
public record Extract(Optional<String> where, List<String> columns, OptionalLong limit, Path output) {
    public Extract {
        Objects.requireNonNull(where, "where");
        where.ifPresent(WhereExpression::check);
        columns = columns.stream().map(String::strip).toList(); // "id, country" as users type it
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(output, "output");
        if (limit.isPresent() && limit.getAsLong() < 0) {
            throw new TableloadException(ErrorCode.USAGE, "--limit must be 0 or more, not " + limit.getAsLong());
        }
        for (String c : columns) {
            if (c.isBlank()) {
                throw new TableloadException(ErrorCode.USAGE, "--columns has an empty column name: " + columns);
            }
        }
        OutputFormat.of(output); // fail early on an unknown extension
    }

    /** All rows and columns of the table into {@code output}. */
    public static Extract all(Path output) {
        return new Extract(Optional.empty(), List.of(), OptionalLong.empty(), output);
    }

    /**
     * Fails when {@link #columns} names a column {@code table} does not have (case aside), so that
     * a misspelt name fails before anything is downloaded rather than after.
     *
     * @throws TableloadException ({@link ErrorCode#USAGE}) naming the column and the table's columns
     */
    public void checkColumns(Table table) {
        columns.forEach(c -> TableColumns.require(table, c, "--columns"));
    }
}
