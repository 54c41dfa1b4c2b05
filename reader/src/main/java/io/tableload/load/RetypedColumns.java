package io.tableload.load;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.util.Utf8;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.JsonLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * The top-level columns of a file that parquet-avro reads wrongly, as Spark, Hive, DuckDB and
 * pandas commonly store them, and what records hold instead:
 * <ul>
 *   <li>A decimal of up to 18 digits stored as int32 or int64 (how Spark and DuckDB store them).
 *       parquet-avro gives its values as {@code BigDecimal} but describes it as a plain
 *       {@code int} or {@code long}, so a record's own schema could not write it. Here it is
 *       described as Avro describes decimals: {@code bytes} with the {@code decimal} logical type.</li>
 *   <li>A timestamp stored as INT96 (Hive's way, and Spark's by default). parquet-avro refuses
 *       those, or hands over their 12 raw bytes. Here they come as an {@code Instant}, to the
 *       nanosecond, under {@code long} with the {@code timestamp-nanos} logical type.</li>
 *   <li>A timestamp in nanoseconds (pandas' and DuckDB's {@code TIMESTAMP_NS}). parquet-avro gives
 *       a bare {@code long}. Here it is an {@code Instant} ({@code timestamp-nanos}), or a
 *       {@code LocalDateTime} ({@code local-timestamp-nanos}) when stored without a time zone.</li>
 *   <li>An unsigned 32- or 64-bit integer (DuckDB's and pandas' {@code uint32}, {@code uint64}).
 *       parquet-avro reads them as signed: 4,000,000,000 comes as -294,967,296. Here they are a
 *       {@code long} and a {@code BigDecimal} under {@code decimal(20,0)}, as Spark reads them.</li>
 *   <li>A JSON column (DuckDB's {@code JSON}). parquet-avro gives its bytes; here it is its text.</li>
 * </ul>
 * Columns inside structs, lists and maps are left as parquet-avro reads them: an INT96 timestamp
 * among them comes as its 12 bytes (nanoseconds of the day, then the Julian day, little-endian).
 */
final class RetypedColumns {
    /** The Julian day number of 1970-01-01: INT96 counts days from the Julian epoch. */
    private static final long JULIAN_DAY_OF_UNIX_EPOCH = 2_440_588;
    private static final long SECONDS_PER_DAY = 86_400;
    private static final long NANOS_PER_SECOND = 1_000_000_000;

    /** How a retyped column's values change on the way; a decimal's only change is its schema. */
    enum ValueChange {
        NONE, INT96_TO_INSTANT, NANOS_TO_INSTANT, NANOS_TO_LOCAL_DATE_TIME, UNSIGNED_INT_TO_LONG,
        UNSIGNED_LONG_TO_DECIMAL, JSON_TO_STRING;

        Object apply(Object raw) {
            if (raw == null || this == NONE) {
                return raw;
            }
            switch (this) {
                case INT96_TO_INSTANT:
                    return int96(raw);
                case UNSIGNED_INT_TO_LONG:
                    return Integer.toUnsignedLong((Integer) raw);
                case UNSIGNED_LONG_TO_DECIMAL:
                    long bits = (Long) raw;
                    return bits >= 0 ? BigDecimal.valueOf(bits) : new BigDecimal(Long.toUnsignedString(bits));
                case JSON_TO_STRING:
                    ByteBuffer json = ((ByteBuffer) raw).duplicate();
                    byte[] text = new byte[json.remaining()];
                    json.get(text);
                    return new Utf8(text);
                default:
                    break;
            }
            long nanos = (Long) raw;
            long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
            int nanoOfSecond = (int) Math.floorMod(nanos, NANOS_PER_SECOND);
            return this == NANOS_TO_INSTANT ? Instant.ofEpochSecond(seconds, nanoOfSecond)
                    : LocalDateTime.ofEpochSecond(seconds, nanoOfSecond, ZoneOffset.UTC);
        }
    }

    /** A file column as records give it: its schema, and how its values change. */
    record Retyping(Schema schema, ValueChange change) {
    }

    private final Map<String, Type> byName;

    private RetypedColumns(Map<String, Type> byName) {
        this.byName = byName;
    }

    /** The columns to retype among those read from a file. */
    static RetypedColumns of(MessageType requested) {
        Map<String, Type> found = new HashMap<>();
        for (Type column : requested.getFields()) {
            if (isIntegerDecimal(column) || isInt96(column) || isNanosTimestamp(column) || isUnsigned(column, 32)
                    || isUnsigned(column, 64) || isJson(column)) {
                found.put(column.getName(), column);
            }
        }
        return new RetypedColumns(found);
    }

    boolean isEmpty() {
        return byName.isEmpty();
    }

    /**
     * A file column as records give it: as parquet-avro reads it ({@code read}) unless it is one
     * to retype (a union with null stays one).
     */
    Retyping retype(String column, Schema read) {
        Type parquet = byName.get(column);
        if (parquet == null || !isParquetAvrosOwn(valueOf(read))) {
            // Also a column the file's own Avro schema describes already, as parquet-avro writes them.
            return new Retyping(read, ValueChange.NONE);
        }
        Retyping value;
        if (isInt96(parquet)) {
            value = new Retyping(LogicalTypes.timestampNanos().addToSchema(Schema.create(Schema.Type.LONG)),
                    ValueChange.INT96_TO_INSTANT);
        } else if (isNanosTimestamp(parquet)) {
            boolean utc = ((TimestampLogicalTypeAnnotation) parquet.getLogicalTypeAnnotation()).isAdjustedToUTC();
            value = utc
                    ? new Retyping(LogicalTypes.timestampNanos().addToSchema(Schema.create(Schema.Type.LONG)),
                            ValueChange.NANOS_TO_INSTANT)
                    : new Retyping(LogicalTypes.localTimestampNanos().addToSchema(Schema.create(Schema.Type.LONG)),
                            ValueChange.NANOS_TO_LOCAL_DATE_TIME);
        } else if (isUnsigned(parquet, 32)) {
            value = new Retyping(Schema.create(Schema.Type.LONG), ValueChange.UNSIGNED_INT_TO_LONG);
        } else if (isUnsigned(parquet, 64)) {
            value = new Retyping(LogicalTypes.decimal(20, 0).addToSchema(Schema.create(Schema.Type.BYTES)),
                    ValueChange.UNSIGNED_LONG_TO_DECIMAL);
        } else if (isJson(parquet)) {
            value = new Retyping(Schema.create(Schema.Type.STRING), ValueChange.JSON_TO_STRING);
        } else {
            value = new Retyping(decimal(parquet), ValueChange.NONE);
        }
        return read.isUnion()
                ? new Retyping(Schema.createUnion(Schema.create(Schema.Type.NULL), value.schema()), value.change())
                : value;
    }

    /** An INT96 value (parquet-avro's 12 bytes: nanoseconds of the day, then the Julian day, little-endian). */
    private static Instant int96(Object raw) {
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
        return column.isPrimitive() && column.getLogicalTypeAnnotation() instanceof DecimalLogicalTypeAnnotation
                && isStoredAs(column, PrimitiveTypeName.INT32, PrimitiveTypeName.INT64);
    }

    private static boolean isInt96(Type column) {
        return column.isPrimitive() && isStoredAs(column, PrimitiveTypeName.INT96);
    }

    private static boolean isNanosTimestamp(Type column) {
        LogicalTypeAnnotation annotation = column.getLogicalTypeAnnotation();
        return column.isPrimitive() && isStoredAs(column, PrimitiveTypeName.INT64)
                && annotation instanceof TimestampLogicalTypeAnnotation t && t.getUnit() == TimeUnit.NANOS;
    }

    /** An unsigned integer of {@code bits} bits: parquet-avro reads it as signed, 2^32 or 2^64 off past the signed range. */
    private static boolean isUnsigned(Type column, int bits) {
        return column.isPrimitive() && column.getLogicalTypeAnnotation() instanceof IntLogicalTypeAnnotation i
                && !i.isSigned() && i.getBitWidth() == bits;
    }

    private static boolean isJson(Type column) {
        return column.isPrimitive() && column.getLogicalTypeAnnotation() instanceof JsonLogicalTypeAnnotation;
    }

    private static boolean isStoredAs(Type column, PrimitiveTypeName... types) {
        PrimitiveTypeName stored = column.asPrimitiveType().getPrimitiveTypeName();
        for (PrimitiveTypeName t : types) {
            if (stored == t) {
                return true;
            }
        }
        return false;
    }

    /** parquet-avro's own schema for these: an int or long, a 12-byte fixed for INT96, bytes for JSON; no logical type. */
    private static boolean isParquetAvrosOwn(Schema value) {
        return value.getLogicalType() == null && switch (value.getType()) {
            case INT, LONG, FIXED, BYTES -> true;
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
