package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.Column;
import io.tableload.catalog.Partition;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableCatalog;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** The "nothing matched" errors ({@code NOTHING_MATCHED}, exit 4), with a hint of what does exist. */
public final class NothingMatched {
    private static final int MAX_VALUES_SHOWN = 20;

    private NothingMatched() {}

    /**
     * The error for a filter no partition of {@code table} matches, naming the values the first
     * partition key does have (looked up in {@code catalog}).
     */
    public static TableloadException noPartition(TableCatalog catalog, Table table, PartitionFilter filter) {
        return noPartition(table, filter, catalog.partitions(table, PartitionFilter.all()));
    }

    /** The error for a filter none of {@code all}, the partitions of {@code table}, matches. */
    static TableloadException noPartition(Table table, PartitionFilter filter, List<Partition> all) {
        Column first = table.partitionKeys().get(0);
        List<String> values = all.stream().map(p -> Objects.toString(p.values().get(first.name()), "NULL"))
                .distinct().toList();
        String hint = all.isEmpty() ? table.ref() + " has no partitions at all"
                : first.name() + " has " + describe(values) + " (" + all.size() + " partitions in all)";
        return new TableloadException(ErrorCode.NOTHING_MATCHED,
                "no partition of " + table.ref() + " matches " + filter + "; " + hint);
    }

    static TableloadException noFiles(Table table, List<Partition> partitions) {
        String where = partitions.stream().limit(3).map(Partition::location).collect(Collectors.joining(", "))
                + (partitions.size() > 3 ? ", ..." : "");
        return new TableloadException(ErrorCode.NOTHING_MATCHED, (partitions.size() == 1 && partitions.get(0).path().isEmpty()
                ? "the table " + table.ref() : partitions.size() + " matching partition(s) of " + table.ref())
                + " hold no data files (looked under " + where + ")");
    }

    private static String describe(List<String> values) {
        String shown = String.join(", ", values.subList(0, Math.min(MAX_VALUES_SHOWN, values.size())));
        return values.size() > MAX_VALUES_SHOWN ? shown + " and " + (values.size() - MAX_VALUES_SHOWN) + " more" : shown;
    }
}
