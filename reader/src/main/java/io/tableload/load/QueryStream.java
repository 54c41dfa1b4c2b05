package io.tableload.load;

import java.util.List;

/**
 * The rows of a local query, computed as the caller reads them: DuckDB runs the query a chunk of
 * rows at a time, so memory stays at a chunk whatever the result's size, where a
 * {@link QueryResult} holds every row. Each row has one value per column, of the types
 * {@link QueryResult} describes. Close it when done, also when stopping early; closing the table
 * closes it too.
 */
public interface QueryStream extends CloseableIterator<List<Object>> {
    /** Column names, in select order. */
    List<String> columns();
}
