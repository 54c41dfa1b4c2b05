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
 * @param columnMapping how data files' columns become the current ones, when a column or nested
 *     field was renamed over the schemas the table has had, or a top-level name went from a
 *     dropped column to a new one; empty when each name kept to one field id, so columns can be
 *     read by name
 * @param nestedReused a nested field's name that went from a dropped field to a new one,
 *     described; empty when none did
 * @param specs the partition specs by spec id
 * @param snapshot the snapshot to load: the one asked for, else the current one; empty for a
 *     table no data was ever committed to
 */
record IcebergMetadata(String url, List<Field> columns, Map<Integer, JsonNode> types,
        Optional<ColumnMapping> columnMapping, Optional<String> nestedReused,
        Map<Integer, List<SpecField>> specs, Optional<Snapshot> snapshot) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The table property holding the name mapping of files written without field ids. */
    private static final String NAME_MAPPING = "schema.name-mapping.default";

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
     * Reads a metadata file for a load of {@code version} of the table. The columns are those of
     * the current schema, or of the snapshot's own schema for a version in the past, as Iceberg
     * reads them ({@link IcebergVersions}).
     *
     * @param table the table, as messages name it
     * @throws TableloadException {@code NOT_FOUND} when the table has no such snapshot (it
     *     expired, or never was), branch or tag, {@code USAGE} when the file is not Iceberg metadata
     */
    static IcebergMetadata parse(String table, String url, byte[] json, TableVersion version) {
        JsonNode root = root(url, json);
        IcebergVersions.Resolved resolved = IcebergVersions.resolve(table, root, version);
        Optional<JsonNode> snapshot = snapshot(table, url, root, resolved.snapshotId());
        JsonNode current = schema(url, root, !resolved.ownSchema() ? Optional.empty()
                : snapshot.map(n -> n.path("schema-id")).filter(JsonNode::isInt));
        List<Field> columns = fields(current);
        Map<Integer, Place> places = new HashMap<>();
        Map<Integer, JsonNode> types = new HashMap<>();
        collectFields(current, 0, places, types);
        Renames renames = renames(root, places);
        Optional<ColumnMapping> mapping = Optional.empty();
        if (renames.topLevel() || !renames.nestedRenamed().isEmpty()) {
            Map<Integer, String> namesById = new HashMap<>();
            columns.forEach(f -> namesById.put(f.id(), f.name()));
            mapping = Optional.of(new ColumnMapping(namesById, nameMapping(url, root), renames.nestedRenamed()));
        }
        return new IcebergMetadata(url, columns, types, mapping, renames.nestedReused(), specs(root),
                snapshot.map(IcebergMetadata::snapshot));
    }

    /** The snapshots a metadata file keeps, oldest first, with the branches and tags pointing at each. */
    static List<TableSnapshot> snapshots(String url, byte[] json) {
        JsonNode root = root(url, json);
        long current = root.path("current-snapshot-id").asLong(-1);
        Map<Long, Map<String, String>> refs = new HashMap<>();
        root.path("refs").fields().forEachRemaining(r -> refs.computeIfAbsent(r.getValue().path("snapshot-id").asLong(),
                id -> new TreeMap<>()).put(r.getKey(), r.getValue().path("type").asText()));
        List<TableSnapshot> snapshots = new ArrayList<>();
        for (JsonNode s : root.path("snapshots")) {
            Map<String, String> summary = new TreeMap<>();
            s.path("summary").fields().forEachRemaining(f -> summary.put(f.getKey(), f.getValue().asText()));
            Optional<String> operation = Optional.ofNullable(summary.remove("operation"));
            long id = s.path("snapshot-id").asLong();
            JsonNode parent = s.path("parent-snapshot-id");
            snapshots.add(new TableSnapshot(id, parent.isIntegralNumber() ? OptionalLong.of(parent.asLong())
                    : OptionalLong.empty(), Instant.ofEpochMilli(s.path("timestamp-ms").asLong()), operation,
                    id == current, summary, refs.getOrDefault(id, Map.of())));
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
     * Where names and field ids changed partners over the table's schemas, as seen from the schema
     * read: a field an earlier schema named otherwise, or a name an earlier schema gave a field
     * since dropped. Iceberg matches a data file's columns to the schema by field id; read by name,
     * such columns would mix up.
     *
     * @param topLevel whether a top-level column changed so
     * @param nestedRenamed the nested fields an earlier schema named otherwise: their current
     *     names by field id
     * @param nestedReused a nested field's name an earlier schema gave a field since dropped,
     *     described
     */
    private record Renames(boolean topLevel, Map<Integer, String> nestedRenamed, Optional<String> nestedReused) {
    }

    /** A field's place in a schema: the id of what holds it (0 for the schema itself), and its name there. */
    private record Place(int holder, String name) {
    }

    private static Renames renames(JsonNode root, Map<Integer, Place> now) {
        Map<Place, Integer> idsNow = new HashMap<>();
        now.forEach((id, place) -> idsNow.put(place, id));
        boolean topLevel = false;
        Map<Integer, String> nestedRenamed = new HashMap<>();
        Optional<String> nestedReused = Optional.empty();
        for (JsonNode schema : root.path("schemas")) {
            Map<Integer, Place> earlier = new HashMap<>();
            collectFields(schema, 0, earlier, new HashMap<>());
            for (Map.Entry<Integer, Place> field : earlier.entrySet()) {
                Place was = field.getValue();
                Place is = now.get(field.getKey());
                boolean renamed = is != null && !is.name().equals(was.name());
                boolean reused = is == null && idsNow.containsKey(was);
                if (!renamed && !reused) {
                    continue;
                }
                if (was.holder() == 0) {
                    topLevel = true;
                } else if (renamed) {
                    nestedRenamed.put(field.getKey(), is.name());
                } else if (nestedReused.isEmpty()) {
                    nestedReused = Optional.of("its nested field " + was.name() + " is not the field of that name in"
                            + " schema " + schema.path("schema-id").asInt() + ", which was dropped");
                }
            }
        }
        return new Renames(topLevel, nestedRenamed, nestedReused);
    }

    /**
     * The table's name mapping of top-level columns: field ids by each name files may hold them
     * under; empty when the table has none.
     */
    private static Map<String, Integer> nameMapping(String url, JsonNode root) {
        JsonNode property = root.path("properties").path(NAME_MAPPING);
        Map<String, Integer> ids = new HashMap<>();
        if (!property.isTextual()) {
            return ids;
        }
        JsonNode mapping;
        try {
            mapping = JSON.readTree(property.asText());
        } catch (IOException e) {
            throw unreadable(url, "its " + NAME_MAPPING + " is not JSON (" + e.getMessage() + ")");
        }
        for (JsonNode field : mapping) {
            if (field.path("field-id").isInt()) {
                field.path("names").forEach(name -> ids.put(name.asText(), field.path("field-id").asInt()));
            }
        }
        return ids;
    }

    /**
     * Every field of {@code type}, nested ones too, by id: its place, and its type. A list's
     * element and a map's key and value hold the fields of their structs; they cannot be renamed
     * themselves.
     */
    private static void collectFields(JsonNode type, int holder, Map<Integer, Place> places,
            Map<Integer, JsonNode> types) {
        if (!type.isObject()) {
            return;
        }
        switch (type.path("type").asText()) {
            case "struct" -> {
                for (JsonNode f : type.path("fields")) {
                    int id = f.path("id").asInt();
                    places.put(id, new Place(holder, f.path("name").asText()));
                    types.put(id, f.path("type"));
                    collectFields(f.path("type"), id, places, types);
                }
            }
            case "list" -> collectFields(type.path("element"), type.path("element-id").asInt(), places, types);
            case "map" -> {
                collectFields(type.path("key"), type.path("key-id").asInt(), places, types);
                collectFields(type.path("value"), type.path("value-id").asInt(), places, types);
            }
            default -> {
            }
        }
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
