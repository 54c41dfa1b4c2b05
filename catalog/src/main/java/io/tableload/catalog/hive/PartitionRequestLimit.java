package io.tableload.catalog.hive;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.hive.metastore.api.MetaException;

/**
 * Reads the limit out of a metastore's refusal to return more partitions in one call than its
 * {@code metastore.limit.partition.request} setting allows (Hive 2.2 on; many production
 * metastores set it to protect their memory):
 * {@code Number of partitions scanned (=5) on table 'events' exceeds limit (=3). ...}.
 * The limit bounds each call, not the whole listing, so partitions can still be fetched by name
 * in batches no larger than it.
 */
final class PartitionRequestLimit {
    private static final Pattern LIMIT = Pattern.compile("exceeds limit \\(=(\\d{1,9})\\)");

    private PartitionRequestLimit() {}

    /** The limit {@code e} names, if it is such a refusal. */
    static OptionalInt of(MetaException e) {
        String message = e.getMessage();
        if (message == null || !message.contains("Number of partitions scanned")) {
            return OptionalInt.empty();
        }
        Matcher m = LIMIT.matcher(message);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }
}
