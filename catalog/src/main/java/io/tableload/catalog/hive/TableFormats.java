package io.tableload.catalog.hive;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.TableRef;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.thrift.TException;

/**
 * Tables registered in the metastore whose files under their location are not their rows: a log
 * or a transaction list says which files count, and the rest were deleted, replaced or never
 * committed. Loading every file, as tableload does, would give those rows too, so such tables are
 * refused by name instead (Iceberg has its own message, {@link ThriftMapping#isIceberg}).
 */
final class TableFormats {
    static final String DELTA = "a Delta Lake table";
    static final String HUDI = "a Hudi table";
    static final String HIVE_TRANSACTIONAL = "a Hive transactional (ACID) table";

    private TableFormats() {
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
                && e.getValue().equalsIgnoreCase("true"))) {
            return Optional.of(HIVE_TRANSACTIONAL);
        }
        return Optional.empty();
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
