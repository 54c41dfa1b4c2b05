package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.time.LocalDate;
import java.util.Locale;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * How a Hive partition column type is represented once the loaded files are read locally.
 * Hive keeps partition values out of the data files, so the loader adds them back as typed
 * columns: to Avro records and to the DuckDB view. Types without a closer match are strings.
 */
enum HiveType {
    STRING("VARCHAR", Schema.Type.STRING),
    TINYINT("TINYINT", Schema.Type.INT),
    SMALLINT("SMALLINT", Schema.Type.INT),
    INT("INTEGER", Schema.Type.INT),
    BIGINT("BIGINT", Schema.Type.LONG),
    BOOLEAN("BOOLEAN", Schema.Type.BOOLEAN),
    DATE("DATE", Schema.Type.INT),
    DOUBLE("DOUBLE", Schema.Type.DOUBLE);

    private final String duckDbType;
    private final Schema.Type avroType;

    HiveType(String duckDbType, Schema.Type avroType) {
        this.duckDbType = duckDbType;
        this.avroType = avroType;
    }

    /** Maps a Hive type name such as {@code varchar(10)}, {@code int} or {@code date}. */
    static HiveType of(String hiveTypeName) {
        String t = hiveTypeName.trim().toLowerCase(Locale.ROOT);
        int paren = t.indexOf('(');
        String base = paren < 0 ? t : t.substring(0, paren);
        return switch (base) {
            case "tinyint" -> TINYINT;
            case "smallint" -> SMALLINT;
            case "int", "integer" -> INT;
            case "bigint" -> BIGINT;
            case "boolean" -> BOOLEAN;
            case "date" -> DATE;
            case "float", "double" -> DOUBLE;
            default -> STRING; // string, char, varchar, and anything Hive allows but we do not type
        };
    }

    String duckDbType() {
        return duckDbType;
    }

    /** A nullable Avro schema: a Hive partition value may be null (the default partition). */
    Schema avroSchema() {
        Schema base = Schema.create(avroType);
        if (this == DATE) {
            base = LogicalTypes.date().addToSchema(base);
        }
        return Schema.createUnion(Schema.create(Schema.Type.NULL), base);
    }

    /**
     * Converts a raw partition value (as the metastore stores it) to the Java value used in
     * Avro records and JDBC parameters; null stays null.
     */
    Object parse(String column, String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return switch (this) {
                case STRING -> raw;
                case TINYINT -> inRange(Integer.valueOf(raw.trim()), Byte.MIN_VALUE, Byte.MAX_VALUE);
                case SMALLINT -> inRange(Integer.valueOf(raw.trim()), Short.MIN_VALUE, Short.MAX_VALUE);
                case INT -> Integer.valueOf(raw.trim());
                case BIGINT -> Long.valueOf(raw.trim());
                case BOOLEAN -> parseBoolean(raw);
                case DATE -> LocalDate.parse(raw.trim());
                case DOUBLE -> Double.valueOf(raw.trim());
            };
        } catch (RuntimeException e) {
            throw new TableloadException(ErrorCode.INTERNAL, "partition column " + column
                    + " is declared " + name().toLowerCase(Locale.ROOT) + " but a partition has the value '"
                    + raw + "'; fix the partition in the metastore", e);
        }
    }

    private static Integer inRange(Integer value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("out of range: " + value);
        }
        return value;
    }

    private static Boolean parseBoolean(String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("not a boolean: " + raw);
        }
        return Boolean.valueOf(v);
    }
}
