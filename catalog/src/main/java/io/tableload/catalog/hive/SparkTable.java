package io.tableload.catalog.hive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tableload.catalog.Column;
import io.tableload.catalog.Locations;
import io.tableload.catalog.StorageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;

/**
 * The real columns, location and format of a table Spark registered in a form only Spark reads
 * ({@link TableFormats#isSparkOnly}), as it does for a data source table whose schema Hive cannot
 * hold: a placeholder column ({@code col array<string>}) and location ({@code ...-__PLACEHOLDER__})
 * where Hive keeps them, the schema as JSON in the table's {@code spark.sql.sources.schema}
 * properties (in parts when long), the location in the SerDe's {@code path} parameter and the
 * format in {@code spark.sql.sources.provider}. Spark's types are written as Hive's type names.
 */
record SparkTable(List<Column> columns, String location, StorageFormat format) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "spark.sql.sources.schema";
    private static final String PROVIDER = "spark.sql.sources.provider";
    private static final Pattern DECIMAL = Pattern.compile("decimal\\(\\d+,\\s*\\d+\\)");
    /** Hive's names of Spark's primitive types, where they differ. */
    private static final Map<String, String> HIVE_NAMES = Map.of("long", "bigint", "integer", "int", "short", "smallint",
            "byte", "tinyint", "timestamp_ntz", "timestamp", "decimal", "decimal(10,0)");
    private static final Set<String> SAME_NAMES = Set.of("string", "boolean", "double", "float", "binary", "date",
            "timestamp");

    /**
     * The table as Spark describes it, when {@code t} is one Spark registered in its own form and
     * its properties hold a schema whose types this can write as Hive's; empty otherwise.
     */
    static Optional<SparkTable> of(org.apache.hadoop.hive.metastore.api.Table t) {
        if (!TableFormats.isSparkOnly(t)) {
            return Optional.empty();
        }
        Map<String, String> parameters = t.getParameters();
        Optional<String> schema = schemaJson(parameters);
        Optional<String> location = location(t.getSd());
        if (schema.isEmpty() || location.isEmpty()) {
            return Optional.empty();
        }
        Set<String> partitionKeys = t.getPartitionKeys() == null ? Set.of() : t.getPartitionKeys().stream()
                .map(FieldSchema::getName).map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        try {
            JsonNode fields = JSON.readTree(schema.get()).path("fields");
            List<Column> columns = new ArrayList<>();
            for (JsonNode field : fields) {
                String name = field.path("name").asText().toLowerCase(Locale.ROOT);
                if (!partitionKeys.contains(name)) { // the metastore's partition keys say those
                    columns.add(new Column(name, fieldType(field), comment(field)));
                }
            }
            return Optional.of(new SparkTable(columns, location.get(), format(parameters.get(PROVIDER))));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty(); // a schema this cannot read: the table stays refused, saying why
        }
    }

    /** The schema's JSON, whole or joined from its parts. */
    private static Optional<String> schemaJson(Map<String, String> parameters) {
        if (parameters.containsKey(SCHEMA)) {
            return Optional.of(parameters.get(SCHEMA));
        }
        String numParts = parameters.get(SCHEMA + ".numParts");
        if (numParts == null) {
            return Optional.empty();
        }
        StringBuilder json = new StringBuilder();
        try {
            for (int i = 0; i < Integer.parseInt(numParts.strip()); i++) {
                String part = parameters.get(SCHEMA + ".part." + i);
                if (part == null) {
                    return Optional.empty();
                }
                json.append(part);
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(json.toString());
    }

    /** Spark keeps a data source table's location in the SerDe's {@code path} when Hive's is a placeholder. */
    private static Optional<String> location(StorageDescriptor sd) {
        String hive = sd.getLocation();
        if (hive != null && !hive.isBlank() && !hive.endsWith("-__PLACEHOLDER__")) {
            return Optional.of(Locations.normalize(hive));
        }
        Map<String, String> serde = sd.getSerdeInfo() == null || sd.getSerdeInfo().getParameters() == null
                ? Map.of() : sd.getSerdeInfo().getParameters();
        String path = serde.get("path");
        return path == null || path.isBlank() ? Optional.empty() : Optional.of(Locations.normalize(path));
    }

    static StorageFormat format(String provider) {
        String p = provider == null ? "" : provider.toLowerCase(Locale.ROOT);
        if (p.equals("parquet") || p.endsWith(".parquet") || p.endsWith("parquetfileformat")) {
            return StorageFormat.PARQUET;
        }
        if (p.equals("orc") || p.endsWith(".orc") || p.endsWith("orcfileformat")) {
            return StorageFormat.ORC;
        }
        if (p.contains("avro")) {
            return StorageFormat.AVRO;
        }
        if (p.equals("json") || p.endsWith("jsonfileformat")) {
            return StorageFormat.JSON;
        }
        if (p.equals("csv") || p.equals("text") || p.endsWith("csvfileformat") || p.endsWith("textfileformat")) {
            return StorageFormat.TEXT;
        }
        return StorageFormat.OTHER;
    }

    /**
     * Hive's name of a Spark type, as written in Spark's schema JSON: a name for a primitive type
     * ({@code "long"}, {@code "decimal(10,2)"}), an object for arrays, maps and structs.
     *
     * @throws IllegalArgumentException for a type Hive has no name for (intervals, variants)
     */
    static String hiveType(JsonNode type) {
        if (type.isTextual()) {
            String name = type.asText().toLowerCase(Locale.ROOT).strip();
            if (SAME_NAMES.contains(name) || DECIMAL.matcher(name).matches() || name.startsWith("char(")
                    || name.startsWith("varchar(")) {
                return name.replace(" ", "");
            }
            String hive = HIVE_NAMES.get(name);
            if (hive == null) {
                throw new IllegalArgumentException("Spark type " + name + " has no Hive name");
            }
            return hive;
        }
        return switch (type.path("type").asText()) {
            case "array" -> "array<" + hiveType(type.path("elementType")) + ">";
            case "map" -> "map<" + hiveType(type.path("keyType")) + "," + hiveType(type.path("valueType")) + ">";
            case "struct" -> {
                List<String> fields = new ArrayList<>();
                for (JsonNode field : type.path("fields")) {
                    fields.add(Column.structFieldName(field.path("name").asText()) + ":" + fieldType(field));
                }
                yield "struct<" + String.join(",", fields) + ">";
            }
            default -> throw new IllegalArgumentException("Spark type " + type + " has no Hive name");
        };
    }

    /** A field's type: Spark keeps a char(n) or varchar(n) as a string, the declared type in its metadata. */
    private static String fieldType(JsonNode field) {
        JsonNode declared = field.path("metadata").path("__CHAR_VARCHAR_TYPE_STRING");
        return declared.isTextual() ? hiveType(declared) : hiveType(field.path("type"));
    }

    private static String comment(JsonNode field) {
        JsonNode comment = field.path("metadata").path("comment");
        return comment.isTextual() ? comment.asText() : null;
    }
}
