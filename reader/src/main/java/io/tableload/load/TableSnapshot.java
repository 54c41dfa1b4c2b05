package io.tableload.load;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One snapshot an Iceberg table keeps: what {@code --snapshot} (or
 * {@link TableLoader#plan(io.tableload.catalog.TableRef, io.tableload.catalog.PartitionFilter,
 * Optional, TableVersion)}) loads the table as of.
 *
 * @param id the snapshot's id
 * @param parentId the snapshot it was committed on, if the table still names it
 * @param committedAt when it was committed
 * @param operation what the commit did, as Iceberg names it ({@code append}, {@code overwrite},
 *     {@code delete}, {@code replace}); empty when the table does not say
 * @param current whether it is the table's current snapshot
 * @param summary the commit's summary as Iceberg keeps it ({@code added-records},
 *     {@code total-data-files}...), the operation aside
 * @param refs the branches and tags that point at it, by name, each {@code branch} or {@code tag}
 *     (the main branch is the current snapshot's)
 */
public record TableSnapshot(long id, OptionalLong parentId, Instant committedAt, Optional<String> operation,
        boolean current, Map<String, String> summary, Map<String, String> refs) {
    public TableSnapshot {
        Objects.requireNonNull(parentId, "parentId");
        Objects.requireNonNull(committedAt, "committedAt");
        Objects.requireNonNull(operation, "operation");
        summary = Map.copyOf(summary);
        refs = Collections.unmodifiableMap(new TreeMap<>(refs));
    }

    /** A snapshot no branch or tag points at. */
    public TableSnapshot(long id, OptionalLong parentId, Instant committedAt, Optional<String> operation,
            boolean current, Map<String, String> summary) {
        this(id, parentId, committedAt, operation, current, summary, Map.of());
    }
}
