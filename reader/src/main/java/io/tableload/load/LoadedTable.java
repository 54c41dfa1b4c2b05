package io.tableload.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.apache.avro.generic.GenericRecord;

/**
 * A table loaded onto local disk. Close it when done: that deletes the files, unless the load was
 * given a destination to keep ({@link LoadOptions#into}), and releases the local query engine.
 *
 * <pre>{@code
 * try (TableLoader loader = TableLoader.open(metastore, s3);
 *      LoadedTable sales = loader.load(TableRef.parse("sales"), PartitionFilter.parse("country=FI"))) {
 *     try (CloseableIterator<GenericRecord> rows = sales.records()) {
 *         rows.forEachRemaining(model::learn);
 *     }
 *     QueryResult top = sales.query("SELECT product, sum(amount) FROM sales GROUP BY 1 ORDER BY 2 DESC LIMIT 5");
 * }
 * }</pre>
 *
 * Not thread-safe: use one per thread, or guard it.
 */
public interface LoadedTable extends AutoCloseable {

    /** What was loaded. */
    LoadPlan plan();

    /** The directory the files are in, laid out as {@code <partition path>/<file>}. */
    Path directory();

    /** The local files, in plan order, with their partition values. */
    List<LocalFile> files();

    /** How long the fetch took. */
    Duration fetchTime();

    /**
     * Streams every row of every file as an Avro record with the partition columns added, one
     * file after another in plan order. Only for Parquet tables. Close the iterator when done
     * (closing the table closes it too). The same as {@code records(RecordOptions.defaults())}.
     */
    CloseableIterator<GenericRecord> records();

    /**
     * Streams every row of every file as an Avro record with the partition columns added. Files
     * are decoded on background threads, several at once ({@link RecordOptions#threads}), ahead
     * of the caller; rows waiting for the caller are bounded to about 8 MiB per file started,
     * and in plan order files ahead start only while they add up to 16 MiB. In plan
     * order a table of a few large files decodes on about one thread; {@link
     * RecordOptions#inAnyOrder()} keeps every thread busy. With {@link RecordOptions#withColumns},
     * each record holds only those columns and only those are decoded. Only for Parquet tables.
     * Close the iterator when done. Closing the table closes it too, also from another thread: a
     * caller waiting for rows then sees the end of the stream.
     *
     * <p>Values are Java types: decimals as {@code BigDecimal} (unsigned 64-bit integers too),
     * dates as {@code LocalDate}, times of day as {@code LocalTime}, timestamps as {@code Instant},
     * or {@code LocalDateTime} where a file stores them without a time zone, text as
     * {@code CharSequence} (JSON columns too). A map keyed by other than strings is a list of
     * {@code {key, value}} records, Avro's maps being keyed by strings.
     *
     * @throws io.tableload.TableloadException ({@link io.tableload.ErrorCode#USAGE}) when a column
     *     asked for is not one of the table's, or the table is not stored as Parquet
     */
    CloseableIterator<GenericRecord> records(RecordOptions options);

    /**
     * Runs a DuckDB SQL query over the loaded files, which appear as a view named after the table
     * (partition columns included, typed). Only for Parquet tables.
     *
     * @param parameters the values of the query's {@code ?} placeholders, in order, bound as values
     *     (never as SQL text): {@code query("SELECT ... WHERE country = ? AND dt >= ?", "FI",
     *     LocalDate.of(2024, 1, 1))}. Strings, numbers, {@code BigDecimal}s, {@code Boolean}s,
     *     {@code LocalDate}s, {@code LocalTime}s, {@code LocalDateTime}s, {@code Instant}s,
     *     {@code OffsetDateTime}s and nulls
     * @throws io.tableload.TableloadException ({@link io.tableload.ErrorCode#USAGE}) when the
     *     query fails, or a parameter is of another type or missing
     */
    QueryResult query(String sql, Object... parameters);

    /**
     * Runs a DuckDB SQL query over the loaded files, as {@link #query} does, and gives its rows as
     * the caller reads them rather than all at once: for a result too large to hold, such as the
     * filtered rows a training step consumes. Several streams, and queries, may be open at once.
     * Close the stream when done; closing the table closes it too, also from another thread: a
     * caller waiting for rows then sees the end of the stream. Only for Parquet tables.
     *
     * @param parameters the values of the query's {@code ?} placeholders, as {@link #query} takes them
     * @throws io.tableload.TableloadException ({@link io.tableload.ErrorCode#USAGE}) when the
     *     query fails, at once or while rows are read
     */
    QueryStream streamQuery(String sql, Object... parameters);

    /** Writes the rows an {@link Extract} selects to its output file; returns the row count. */
    long export(Extract extract);

    /**
     * The rows the load's own extract wrote ({@link LoadOptions#withExtract}), which the load ran
     * before it kept its files; empty for a load given no extract.
     */
    OptionalLong exportedRows();

    /** Deletes the local files unless they were loaded into a kept destination. */
    @Override
    void close();
}
