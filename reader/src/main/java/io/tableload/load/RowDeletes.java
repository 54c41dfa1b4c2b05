package io.tableload.load;

import java.util.List;
import java.util.Objects;

/**
 * A file of an Iceberg table's row-level deletes that applies to one planned data file: a Parquet
 * file naming rows deleted from it, by position or by value. A load fetches it beside the data
 * file and writes the data file without those rows.
 *
 * @param url the delete file's {@code s3://bucket/key} URL
 * @param size its size in bytes
 * @param equalityColumns empty for position deletes, whose rows ({@code file_path}, {@code pos})
 *     name the deleted rows by their position in a data file; for equality deletes, the columns
 *     whose values, when a data row has them all, delete it
 * @param dataFilePath the data file's path as the table's metadata gives it, which is how
 *     position deletes name it
 */
public record RowDeletes(String url, long size, List<String> equalityColumns, String dataFilePath) {
    public RowDeletes {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(dataFilePath, "dataFilePath");
        equalityColumns = List.copyOf(equalityColumns);
    }

    /** Whether these are position deletes, not equality deletes. */
    public boolean byPosition() {
        return equalityColumns.isEmpty();
    }
}
