package io.tableload.load;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * The top-level columns of a file that parquet-avro reads wrongly, as Spark, Hive and DuckDB
 * commonly store them, and what records hold instead:
 * <ul>
 *   <li>A decimal of up to 18 digits stored as int32 or int64 (how Spark and DuckDB store them).
 *       parquet-avro gives its values as {@code BigDecimal} but describes it as a plain
 *       {@code int} or {@code long}, so a record's own schema could not write it. Here it is
 *       described as Avro describes decimals: {@code bytes} with the {@code decimal} logical type.</li>
 *   <li>A timestamp stored as INT96 (Hive's way, and Spark's by default). parquet-avro refuses
 *       those, or hands over their 12 raw bytes. Here they come as an {@code Instant}, to the
 *       nanosecond, under {@code long} with the {@code timestamp-nanos} logical type.</li>
 * </ul>
 * Columns inside structs, lists and maps are left as parquet-avro reads them: an INT96 timestamp
 * among them comes as its 12 bytes (nanoseconds of the day, then the Julian day, little-endian).
 */
final class RetypedColumns {
    /** The Julian day number of 1970-01-01: INT96 counts days from the Julian epoch. */
    private static final long JULIAN_DAY_OF_UNIX_EPOCH = 2_440_588;
    private static final long SECONDS_PER_DAY = 86_400;

    private final Map<String, Type> byName;

    private RetypedColumns(Map<String, Type> byName) {
        this.byName = byName;
    }

    /** The columns to retype among those read from a file. */
    static RetypedColumns of(MessageType requested) {
        Map<String, Type> found = new HashMap<>();
        for (Type column : requested.getFields()) {
            if (isIntegerDecimal(column) || isInt96(column)) {
                found.put(column.getName(), column);
            }
        }
        return new RetypedColumns(found);
    }

    boolean isEmpty() {
        return byName.isEmpty();
    }

    /**
     * The schema records give a file column, parquet-avro's {@code read} one unless the column is
     * retyped (a union with null stays one).
     */
    Schema schemaOf(String column, Schema read) {
        Type parquet = byName.get(column);
        if (parquet == null || !isParquetAvrosOwn(valueOf(read))) {
            return read; // also a decimal described from the file's own Avro schema, as bytes already
        }
        Schema value = isInt96(parquet)
                ? LogicalTypes.timestampNanos().addToSchema(Schema.create(Schema.Type.LONG))
                : decimal(parquet);
        return read.isUnion() ? Schema.createUnion(Schema.create(Schema.Type.NULL), value) : value;
    }

    /** Whether a column's values change on the way, not only its schema. */
    boolean convertsValues(String column) {
        Type parquet = byName.get(column);
        return parquet != null && isInt96(parquet);
    }

    /** An INT96 value (parquet-avro's 12 bytes: nanoseconds of the day, then the Julian day, little-endian). */
    static Instant int96(Object raw) {
        if (raw == null) {
            return null;
        }
        ByteBuffer bytes = ByteBuffer.wrap(((GenericFixed) raw).bytes()).order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = bytes.getLong();
        long julianDay = Integer.toUnsignedLong(bytes.getInt());
        return Instant.ofEpochSecond((julianDay - JULIAN_DAY_OF_UNIX_EPOCH) * SECONDS_PER_DAY, nanosOfDay);
    }

    private static Schema decimal(Type parquet) {
        DecimalLogicalTypeAnnotation d = (DecimalLogicalTypeAnnotation) parquet.getLogicalTypeAnnotation();
        return LogicalTypes.decimal(d.getPrecision(), d.getScale()).addToSchema(Schema.create(Schema.Type.BYTES));
    }

    private static boolean isIntegerDecimal(Type column) {
        if (!column.isPrimitive() || !(column.getLogicalTypeAnnotation() instanceof DecimalLogicalTypeAnnotation)) {
            return false;
        }
        PrimitiveTypeName stored = column.asPrimitiveType().getPrimitiveTypeName();
        return stored == PrimitiveTypeName.INT32 || stored == PrimitiveTypeName.INT64;
    }

    private static boolean isInt96(Type column) {
        return column.isPrimitive() && column.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT96;
    }

    /** parquet-avro's own schema for the two: an int or long, or a 12-byte fixed for INT96, without a logical type. */
    private static boolean isParquetAvrosOwn(Schema value) {
        return value.getLogicalType() == null && switch (value.getType()) {
            case INT, LONG, FIXED -> true;
            default -> false;
        };
    }

    private static Schema valueOf(Schema read) {
        if (!read.isUnion()) {
            return read;
        }
        return read.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElse(read);
    }
}
