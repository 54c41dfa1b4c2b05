package io.tableload.load;

import java.util.List;
import java.util.Objects;

/**
 * A file of an Iceberg table's row-level deletes that applies to one planned data file. A load
 * fetches it beside the data file and writes the data file without the rows it deletes.
 *
 * @param kind how the file names the deleted rows
 * @param url the delete file's {@code s3://bucket/key} URL
 * @param size its size in bytes
 * @param equalityColumns for {@link Kind#EQUALITY}, the columns whose values, when a data row has
 *     them all, delete it; empty otherwise
 * @param dataFilePath for {@link Kind#POSITIONS}, the data file's path as the table's metadata
 *     gives it, which is how position deletes name it
 * @param offset for {@link Kind#DELETION_VECTOR}, where in the (Puffin) file the vector starts
 * @param length for {@link Kind#DELETION_VECTOR}, the vector's length in bytes
 */
public record RowDeletes(Kind kind, String url, long size, List<String> equalityColumns, String dataFilePath,
        long offset, long length) {
    /** How a delete file names the rows it deletes. */
    public enum Kind {
        /** A Parquet file of ({@code file_path}, {@code pos}) rows: positions in data files. */
        POSITIONS,
        /** A Parquet file of column values: a data row with all of them is deleted. */
        EQUALITY,
        /** A deletion vector (format 3): a bitmap of one data file's deleted positions in a Puffin file. */
        DELETION_VECTOR
    }

    public RowDeletes {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(dataFilePath, "dataFilePath");
        equalityColumns = List.copyOf(equalityColumns);
    }

    /** Position deletes in a Parquet file, of the data file at {@code dataFilePath}. */
    public static RowDeletes positions(String url, long size, String dataFilePath) {
        return new RowDeletes(Kind.POSITIONS, url, size, List.of(), dataFilePath, 0, 0);
    }

    /** Equality deletes in a Parquet file, by {@code columns}. */
    public static RowDeletes equality(String url, long size, List<String> columns) {
        return new RowDeletes(Kind.EQUALITY, url, size, columns, "", 0, 0);
    }

    /** A deletion vector: {@code length} bytes at {@code offset} of a Puffin file. */
    public static RowDeletes deletionVector(String url, long size, long offset, long length) {
        return new RowDeletes(Kind.DELETION_VECTOR, url, size, List.of(), "", offset, length);
    }
}
