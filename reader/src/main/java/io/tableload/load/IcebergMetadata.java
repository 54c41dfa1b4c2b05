package io.tableload.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What tableload reads of an Iceberg table's metadata file (the JSON its catalog points at): the
 * current schema, the partition specs, and where the current snapshot lists its manifests. Format
 * versions 1 to 3.
 *
 * @param url the metadata file's URL
 * @param columns the current schema's top-level fields
 * @param types the current schema's fields, nested ones too, their types by field id
 * @param renamed a column whose name changed over the schemas the table has had (or whose name
 *     an earlier, dropped column had), described; empty when each name kept to one field
 * @param specs the partition specs by spec id
 * @param snapshot the snapshot to load: the one asked for, else the current one; empty for a
 *     table no data was ever committed to
 */
record IcebergMetadata(String url, List<Field> columns, Map<Integer, JsonNode> types,
        Optional<String> renamed,
        Map<Integer, List<SpecField>> specs, Optional<Snapshot> snapshot) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A schema field. {@code type} is Iceberg's JSON form: a name such as {@code long} or a nested object. */
    record Field(int id, String name, JsonNode type) {
    }

    /**
     * A partition field: {@code name} is what partition specs and paths call it
     * ({@code country}, {@code ts_day}), {@code transform} how its value is derived from the
     * source column ({@code identity}, {@code day}, {@code bucket[16]}...).
     */
    record SpecField(int fieldId, String name, String transform, int sourceId) {
    }

    /**
     * A snapshot: its id and either its manifest list (format 2 on, and most of format 1) or the
     * manifests it names inline (early format 1 tables).
     */
    record Snapshot(long id, Optional<String> manifestList, List<String> manifests) {
    }

    /**
     * Reads a metadata file for a load of snapshot {@code snapshotId}, or of the current snapshot
     * when none is given. The columns are those of the current schema, or of the snapshot's own
     * schema when one is asked for, as Iceberg reads an earlier snapshot.
     *
     * @param table the table, as messages name it
     * @throws TableloadException {@code NOT_FOUND} when the table has no such snapshot (it
     *     expired, or never was), {@code USAGE} when the file is not Iceberg metadata
     */
    static IcebergMetadata parse(String table, String url, byte[] json, OptionalLong snapshotId) {
        JsonNode root = root(url, json);
        Optional<JsonNode> snapshot = snapshot(table, url, root, snapshotId);
        // Iceberg reads the current snapshot with the current schema, an earlier one with its own.
        JsonNode current = schema(url, root, snapshotId.isEmpty() ? Optional.empty()
                : snapshot.map(n -> n.path("schema-id")).filter(JsonNode::isInt));
        List<Field> columns = fields(current);
        Map<Integer, JsonNode> types = new HashMap<>();
        Map<Integer, String> names = new HashMap<>();
        collectFields(current, "", names, types);
        return new IcebergMetadata(url, columns, types, renamed(root, names), specs(root),
                snapshot.map(IcebergMetadata::snapshot));
    }

    /** The snapshots a metadata file keeps, oldest first. */
    static List<TableSnapshot> snapshots(String url, byte[] json) {
        JsonNode root = root(url, json);
        long current = root.path("current-snapshot-id").asLong(-1);
        List<TableSnapshot> snapshots = new ArrayList<>();
        for (JsonNode s : root.path("snapshots")) {
            Map<String, String> summary = new TreeMap<>();
            s.path("summary").fields().forEachRemaining(f -> summary.put(f.getKey(), f.getValue().asText()));
            Optional<String> operation = Optional.ofNullable(summary.remove("operation"));
            long id = s.path("snapshot-id").asLong();
            JsonNode parent = s.path("parent-snapshot-id");
            snapshots.add(new TableSnapshot(id, parent.isIntegralNumber() ? OptionalLong.of(parent.asLong())
                    : OptionalLong.empty(), Instant.ofEpochMilli(s.path("timestamp-ms").asLong()), operation,
                    id == current, summary));
        }
        snapshots.sort(Comparator.comparing(TableSnapshot::committedAt));
        return snapshots;
    }

    /** A metadata file's JSON, refused unless it is an object with a format version. */
    private static JsonNode root(String url, byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw unreadable(url, "it is not JSON (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject() || !root.path("format-version").isInt()) {
            throw unreadable(url, "it has no format-version");
        }
        return root;
    }

    /** The fields of the spec with this id; a spec the metadata does not have is an unreadable table. */
    List<SpecField> spec(int specId) {
        List<SpecField> spec = specs.get(specId);
        if (spec == null) {
            throw unreadable(url, "a manifest names partition spec " + specId + ", which it does not have");
        }
        return spec;
    }

    /**
     * A field of the current schema that an earlier schema named otherwise, or a name an earlier
     * schema gave another field. Iceberg matches a data file's columns to the schema by field id;
     * tableload reads them by name, which gives the same columns only when names and ids never
     * changed partners.
     */
    private static Optional<String> renamed(JsonNode root, Map<Integer, String> current) {
        Map<String, Integer> currentIds = new HashMap<>();
        current.forEach((id, name) -> currentIds.put(name, id));
        for (JsonNode schema : root.path("schemas")) {
            Map<Integer, String> earlier = new HashMap<>();
            collectFields(schema, "", earlier, new HashMap<>());
            for (Map.Entry<Integer, String> field : earlier.entrySet()) {
                String now = current.get(field.getKey());
                if (now != null && !now.equals(field.getValue())) {
                    return Optional.of("column " + now + " was named " + field.getValue() + " in schema "
                            + schema.path("schema-id").asInt());
                }
                Integer idNow = currentIds.get(field.getValue());
                if (now == null && idNow != null) {
                    return Optional.of("column " + field.getValue() + " is not the column of that name in schema "
                            + schema.path("schema-id").asInt() + ", which was dropped");
                }
            }
        }
        return Optional.empty();
    }

    /** The schema of that id, else the current one. */
    private static JsonNode schema(String url, JsonNode root, Optional<JsonNode> schemaId) {
        if (root.path("schemas").isArray() && (schemaId.isPresent() || root.path("current-schema-id").isInt())) {
            int id = schemaId.orElse(root.path("current-schema-id")).asInt();
            for (JsonNode schema : root.path("schemas")) {
                if (schema.path("schema-id").asInt(0) == id) {
                    return schema;
                }
            }
            throw unreadable(url, "its schema " + id + " is not among its schemas");
        }
        if (root.path("schema").isObject()) {
            return root.path("schema"); // format 1 without a schema list
        }
        throw unreadable(url, "it has no schema");
    }

    private static List<Field> fields(JsonNode struct) {
        List<Field> fields = new ArrayList<>();
        for (JsonNode f : struct.path("fields")) {
            fields.add(new Field(f.path("id").asInt(), f.path("name").asText(), f.path("type")));
        }
        return fields;
    }

    /**
     * Every field of a schema, nested ones too, by id: its name, by its path ({@code address.city}),
     * and its type.
     */
    private static void collectFields(JsonNode type, String prefix, Map<Integer, String> names,
            Map<Integer, JsonNode> types) {
        if (!type.isObject()) {
            return;
        }
        switch (type.path("type").asText()) {
            case "struct" -> {
                for (JsonNode f : type.path("fields")) {
                    String name = prefix + f.path("name").asText();
                    names.put(f.path("id").asInt(), name);
                    types.put(f.path("id").asInt(), f.path("type"));
                    collectFields(f.path("type"), name + ".", names, types);
                }
            }
            case "list" -> collectFields(type.path("element"), prefix + "element.", names, types);
            case "map" -> {
                collectFields(type.path("key"), prefix + "key.", names, types);
                collectFields(type.path("value"), prefix + "value.", names, types);
            }
            default -> {
            }
        }
    }

    private static Map<Integer, List<SpecField>> specs(JsonNode root) {
        Map<Integer, List<SpecField>> specs = new HashMap<>();
        if (root.path("partition-specs").isArray()) {
            for (JsonNode spec : root.path("partition-specs")) {
                specs.put(spec.path("spec-id").asInt(0), specFields(spec.path("fields")));
            }
        } else if (root.path("partition-spec").isArray()) { // format 1 without a spec list
            specs.put(0, specFields(root.path("partition-spec")));
        } else {
            specs.put(0, List.of());
        }
        return specs;
    }

    private static List<SpecField> specFields(JsonNode fields) {
        List<SpecField> spec = new ArrayList<>();
        int nextId = 1000; // format 1 specs may leave field ids out; Iceberg numbers them from 1000
        for (JsonNode f : fields) {
            int id = f.path("field-id").asInt(nextId);
            nextId = id + 1;
            spec.add(new SpecField(id, f.path("name").asText(), f.path("transform").asText(), f.path("source-id").asInt()));
        }
        return spec;
    }

    /** The snapshot asked for, else the current one; empty when the table has none. */
    private static Optional<JsonNode> snapshot(String table, String url, JsonNode root, OptionalLong asked) {
        JsonNode currentId = root.path("current-snapshot-id");
        boolean hasCurrent = currentId.isIntegralNumber() && currentId.asLong() != -1;
        if (asked.isEmpty() && !hasCurrent) {
            return Optional.empty();
        }
        long id = asked.isPresent() ? asked.getAsLong() : currentId.asLong();
        List<Long> ids = new ArrayList<>();
        for (JsonNode s : root.path("snapshots")) {
            if (s.path("snapshot-id").asLong() == id) {
                return Optional.of(s);
            }
            ids.add(s.path("snapshot-id").asLong());
        }
        if (asked.isEmpty()) {
            throw unreadable(url, "its current snapshot " + id + " is not among its snapshots");
        }
        String kept = ids.isEmpty() ? "it has none" : "its snapshots are "
                + ids.subList(Math.max(0, ids.size() - 5), ids.size()).stream().map(String::valueOf)
                        .collect(Collectors.joining(", ")) + (ids.size() > 5 ? " (the last 5 of " + ids.size() + ")" : "")
                + (hasCurrent ? ", the current one " + currentId.asLong() : "");
        throw new TableloadException(ErrorCode.NOT_FOUND, "the Iceberg table " + table + " has no snapshot " + id
                + ": it may have expired; " + kept);
    }

    private static Snapshot snapshot(JsonNode s) {
        List<String> manifests = new ArrayList<>();
        s.path("manifests").forEach(m -> manifests.add(m.asText()));
        Optional<String> list = s.path("manifest-list").isTextual()
                ? Optional.of(s.path("manifest-list").asText()) : Optional.empty();
        return new Snapshot(s.path("snapshot-id").asLong(), list, manifests);
    }

    static TableloadException unreadable(String url, String why) {
        return new TableloadException(ErrorCode.USAGE, "cannot read the Iceberg metadata " + url + ": " + why);
    }
}
