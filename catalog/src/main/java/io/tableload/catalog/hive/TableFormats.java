package io.tableload.catalog.hive;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableRef;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.thrift.TException;

/**
 * Tables registered in the metastore that tableload cannot load by listing their location, told
 * apart so that each is refused by name ({@link #refusal}):
 * <ul>
 *   <li>Iceberg tables that name no metadata file: their metadata, not their location, says which
 *       files hold their rows. Those that name one are loaded from it.</li>
 *   <li>Those whose files are not their rows: a log or a transaction list says which files count,
 *       and the rest were deleted, replaced or never committed. Loading every file would give those
 *       rows too.</li>
 *   <li>Those Spark registered in a form only Spark reads, whose columns and location in the
 *       metastore are placeholders.</li>
 * </ul>
 */
final class TableFormats {
    static final String DELTA = "a Delta Lake table";
    static final String HUDI = "a Hudi table";
    static final String HIVE_TRANSACTIONAL = "a Hive transactional (ACID) table";

    private TableFormats() {
    }

    /**
     * A {@code USAGE} error naming what {@code t} ({@code mapped}, as {@link ThriftMapping} gives
     * it) is when it is one of the tables above; empty for any other.
     */
    static Optional<TableloadException> refusal(TableRef ref, org.apache.hadoop.hive.metastore.api.Table t,
            Table mapped) {
        if (mapped.isIceberg() && mapped.icebergMetadataLocation().isEmpty()) {
            return Optional.of(new TableloadException(ErrorCode.USAGE, "table " + ref + " is registered as an Iceberg"
                    + " table but names no metadata file (the table parameter metadata_location), which says"
                    + " which files hold its rows: register it again through its Iceberg catalog"));
        }
        Optional<String> format = withRowsNotInTheirFiles(t);
        if (format.isPresent()) {
            return Optional.of(notLoadable(ref, format.get()));
        }
        return isSparkOnly(t) && SparkTable.of(t).isEmpty() ? Optional.of(sparkOnly(ref)) : Optional.empty();
    }

    /** The format of {@code t} when it is one of those, as Spark, Hudi's sync tool and Hive register them. */
    static Optional<String> withRowsNotInTheirFiles(org.apache.hadoop.hive.metastore.api.Table t) {
        Map<String, String> parameters = t.getParameters() == null ? Map.of() : t.getParameters();
        String provider = lower(parameters.get("spark.sql.sources.provider"));
        StorageDescriptor sd = t.getSd();
        String inputFormat = lower(sd == null ? null : sd.getInputFormat());
        String storageHandler = lower(parameters.get("storage_handler"));
        if (provider.equals("delta") || storageHandler.contains("delta")) {
            return Optional.of(DELTA);
        }
        if (provider.equals("hudi") || inputFormat.startsWith("org.apache.hudi.")) {
            return Optional.of(HUDI);
        }
        if (parameters.entrySet().stream().anyMatch(e -> e.getKey().equalsIgnoreCase("transactional")
                && "true".equalsIgnoreCase(e.getValue()))) {
            return Optional.of(HIVE_TRANSACTIONAL);
        }
        return Optional.empty();
    }

    /**
     * Whether Spark registered {@code t} in a form only Spark reads, as it does for a table whose
     * schema Hive cannot hold: a placeholder location and column, the real ones in Spark's own
     * table properties.
     */
    static boolean isSparkOnly(org.apache.hadoop.hive.metastore.api.Table t) {
        Map<String, String> parameters = t.getParameters() == null ? Map.of() : t.getParameters();
        StorageDescriptor sd = t.getSd();
        if (!parameters.containsKey("spark.sql.sources.provider") || sd == null) {
            return false;
        }
        boolean placeholderLocation = sd.getLocation() != null && sd.getLocation().endsWith("-__PLACEHOLDER__");
        List<FieldSchema> columns = sd.getCols() == null ? List.of() : sd.getCols();
        boolean placeholderColumn = columns.size() == 1 && columns.get(0).getName().equals("col")
                && columns.get(0).getType().equalsIgnoreCase("array<string>");
        return placeholderLocation || placeholderColumn;
    }

    private static TableloadException sparkOnly(TableRef ref) {
        return new TableloadException(ErrorCode.USAGE, "table " + ref + " was registered by Spark in a form only Spark"
                + " reads: its columns and location are in Spark's table properties, not where Hive keeps them, and"
                + " those properties hold no schema tableload can read (spark.sql.sources.schema, with types Hive can"
                + " name) or no location (the SerDe's path): re-create it with a schema Hive can hold, or"
                + " load its files by URL with tableload s3 get");
    }

    /**
     * Whether the metastore refused to hand over a table because it is transactional and this
     * client did not claim it could read such tables (Hive 3 and later check that).
     */
    static boolean isRefusalOfTransactionalTable(TException e) {
        String message = e instanceof MetaException ? String.valueOf(e.getMessage()) : "";
        return message.contains("does not appear to support insert-only tables")
                || message.contains("does not appear to support ACID tables");
    }

    static TableloadException notLoadable(TableRef ref, String format) {
        return new TableloadException(ErrorCode.USAGE, "table " + ref + " is " + format + ": its metadata, not"
                + " its location, says which files hold its rows, and loading every file there would give rows that"
                + " were deleted, replaced or never committed; tableload does not read such tables: read it through"
                + " an engine that does, or load a plain copy of it");
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }
}
