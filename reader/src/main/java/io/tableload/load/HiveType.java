package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.HiveTimestamps;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * How a Hive partition column type is represented once the loaded files are read locally.
 * Hive keeps partition values out of the data files, so the loader adds them back as typed
 * columns: to Avro records and to the DuckDB view. Types without a closer match are strings.
 *
 * @param kind the type, without its parameters
 * @param precision a decimal's precision (digits in all); 0 for other kinds
 * @param scale a decimal's scale (digits after the point); 0 for other kinds
 */
record HiveType(Kind kind, int precision, int scale) {
    /** The types partition values take. */
    enum Kind {
        STRING("VARCHAR", Schema.Type.STRING),
        TINYINT("TINYINT", Schema.Type.INT),
        SMALLINT("SMALLINT", Schema.Type.INT),
        INT("INTEGER", Schema.Type.INT),
        BIGINT("BIGINT", Schema.Type.LONG),
        BOOLEAN("BOOLEAN", Schema.Type.BOOLEAN),
        DATE("DATE", Schema.Type.INT),
        DOUBLE("DOUBLE", Schema.Type.DOUBLE),
        DECIMAL("DECIMAL", Schema.Type.BYTES),
        /** Hive's timestamp: a wall-clock time without a time zone. */
        TIMESTAMP("TIMESTAMP", Schema.Type.LONG);

        private final String duckDbType;
        private final Schema.Type avroType;

        Kind(String duckDbType, Schema.Type avroType) {
            this.duckDbType = duckDbType;
            this.avroType = avroType;
        }
    }

    /** {@code decimal}, {@code decimal(12)} or {@code decimal(12,2)}; {@code numeric} is Hive's other name for it. */
    private static final Pattern DECIMAL =
            Pattern.compile("(?:decimal|numeric)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?");
    /** Hive's own decimal without parameters: {@code decimal(10,0)}. */
    private static final int DEFAULT_PRECISION = 10;

    /** Maps a Hive type name such as {@code varchar(10)}, {@code int}, {@code decimal(12,2)} or {@code date}. */
    static HiveType of(String hiveTypeName) {
        String t = hiveTypeName.trim().toLowerCase(Locale.ROOT);
        Matcher decimal = DECIMAL.matcher(t);
        if (decimal.matches()) {
            int precision = decimal.group(1) == null ? DEFAULT_PRECISION : Integer.parseInt(decimal.group(1));
            int scale = decimal.group(2) == null ? 0 : Integer.parseInt(decimal.group(2));
            if (precision >= 1 && precision <= 38 && scale <= precision) {
                return new HiveType(Kind.DECIMAL, precision, scale);
            }
        }
        int paren = t.indexOf('(');
        String base = paren < 0 ? t : t.substring(0, paren);
        Kind kind = switch (base) {
            case "tinyint" -> Kind.TINYINT;
            case "smallint" -> Kind.SMALLINT;
            case "int", "integer" -> Kind.INT;
            case "bigint" -> Kind.BIGINT;
            case "boolean" -> Kind.BOOLEAN;
            case "date" -> Kind.DATE;
            case "float", "double", "double precision" -> Kind.DOUBLE;
            case "timestamp" -> Kind.TIMESTAMP;
            default -> Kind.STRING; // string, char, varchar, and anything Hive allows but we do not type
        };
        return new HiveType(kind, 0, 0);
    }

    String duckDbType() {
        return kind == Kind.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : kind.duckDbType;
    }

    /** A nullable Avro schema: a Hive partition value may be null (the default partition). */
    Schema avroSchema() {
        Schema base = Schema.create(kind.avroType);
        switch (kind) {
            case DATE -> base = LogicalTypes.date().addToSchema(base);
            case DECIMAL -> base = LogicalTypes.decimal(precision, scale).addToSchema(base);
            case TIMESTAMP -> base = LogicalTypes.localTimestampMicros().addToSchema(base);
            default -> {
                // the plain type says it all
            }
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
            return switch (kind) {
                case STRING -> raw;
                case TINYINT -> inRange(Integer.valueOf(raw.trim()), Byte.MIN_VALUE, Byte.MAX_VALUE);
                case SMALLINT -> inRange(Integer.valueOf(raw.trim()), Short.MIN_VALUE, Short.MAX_VALUE);
                case INT -> Integer.valueOf(raw.trim());
                case BIGINT -> Long.valueOf(raw.trim());
                case BOOLEAN -> parseBoolean(raw);
                case DATE -> LocalDate.parse(raw.trim());
                case DOUBLE -> Double.valueOf(raw.trim());
                case DECIMAL -> decimal(raw);
                // Microseconds, as DuckDB's TIMESTAMP and the records' schema hold them.
                case TIMESTAMP -> HiveTimestamps.parse(raw).truncatedTo(ChronoUnit.MICROS);
            };
        } catch (RuntimeException e) {
            throw new TableloadException(ErrorCode.INTERNAL, "partition column " + column
                    + " is declared " + this + " but a partition has the value '"
                    + raw + "'; fix the partition in the metastore", e);
        }
    }

    /** The value at the declared scale, rounded as Hive rounds it; refused when it has too many digits. */
    private BigDecimal decimal(String raw) {
        BigDecimal value = new BigDecimal(raw.trim()).setScale(scale, RoundingMode.HALF_UP);
        if (value.precision() - value.scale() > precision - scale) {
            throw new IllegalArgumentException("too many digits for decimal(" + precision + "," + scale + ")");
        }
        return value;
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

    /** The type as Hive names it: {@code tinyint}, {@code decimal(12,2)}. */
    @Override
    public String toString() {
        return kind == Kind.DECIMAL ? "decimal(" + precision + "," + scale + ")" : kind.name().toLowerCase(Locale.ROOT);
    }
}
