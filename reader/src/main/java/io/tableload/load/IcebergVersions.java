package io.tableload.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Which snapshot of an Iceberg table's metadata a {@link TableVersion} names: by id, by the
 * metadata's branches and tags ({@code refs}), or by its history ({@code snapshot-log}), as
 * Iceberg's own time travel resolves them.
 */
final class IcebergVersions {
    /** The branch every table has, which is its current snapshot even where the metadata lists no refs. */
    private static final String MAIN = "main";

    /**
     * A resolved version.
     *
     * @param snapshotId the snapshot to read; empty for the current one
     * @param ownSchema whether to read it with the schema it was written with, as Iceberg reads a
     *     snapshot, tag or time in the past, rather than with the current schema (a branch's)
     */
    record Resolved(OptionalLong snapshotId, boolean ownSchema) {
    }

    private IcebergVersions() {
    }

    /**
     * @param table the table, as messages name it
     * @throws TableloadException {@code NOT_FOUND} when it has no such branch or tag, or no
     *     snapshot was current at the time
     */
    static Resolved resolve(String table, JsonNode root, TableVersion version) {
        if (version instanceof TableVersion.Snapshot s) {
            return new Resolved(OptionalLong.of(s.id()), true);
        }
        if (version instanceof TableVersion.Ref r) {
            return ref(table, root, r.name());
        }
        if (version instanceof TableVersion.AsOf a) {
            return new Resolved(OptionalLong.of(asOf(table, root, a.time())), true);
        }
        return new Resolved(OptionalLong.empty(), false);
    }

    private static Resolved ref(String table, JsonNode root, String name) {
        JsonNode ref = root.path("refs").path(name);
        if (!ref.isObject()) {
            if (name.equals(MAIN)) {
                return new Resolved(OptionalLong.empty(), false);
            }
            List<String> refs = new ArrayList<>();
            root.path("refs").fields().forEachRemaining(
                    f -> refs.add(f.getKey() + " (" + f.getValue().path("type").asText() + ")"));
            throw new TableloadException(ErrorCode.NOT_FOUND, "the Iceberg table " + table
                    + " has no branch or tag named " + name + (refs.isEmpty() ? "; it has only its main branch" : "; it has " + String.join(", ", refs))
                    + " (a snapshot is named by its id, digits only)");
        }
        boolean tag = ref.path("type").asText().equals("tag");
        return new Resolved(OptionalLong.of(ref.path("snapshot-id").asLong()), tag);
    }

    /** The snapshot the table's history says was current at {@code time}: the last made current by then. */
    private static long asOf(String table, JsonNode root, Instant time) {
        long at = time.toEpochMilli();
        Long found = null;
        JsonNode first = null;
        for (JsonNode entry : root.path("snapshot-log")) {
            first = first == null ? entry : first;
            if (entry.path("timestamp-ms").asLong() <= at) {
                found = entry.path("snapshot-id").asLong();
            }
        }
        if (found == null) {
            String history = first == null
                    ? "it has no history (nothing was ever committed to it, or its history expired)"
                    : "its history starts at " + Instant.ofEpochMilli(first.path("timestamp-ms").asLong());
            throw new TableloadException(ErrorCode.NOT_FOUND, "the Iceberg table " + table + " had no snapshot as of "
                    + time + ": " + history);
        }
        return found;
    }
}
