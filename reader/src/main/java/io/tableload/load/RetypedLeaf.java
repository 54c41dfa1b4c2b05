package io.tableload.load;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.UnaryOperator;
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
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * The kinds of Parquet values parquet-avro reads wrongly, as {@link RetypedColumns} lists them,
 * and what one becomes: its Avro schema, and the change to each value.
 */
enum RetypedLeaf implements UnaryOperator<Object> {
    /** A decimal stored as int32 or int64: parquet-avro's values are right, its schema is not. */
    INTEGER_DECIMAL,
    INT96_TO_INSTANT,
    NANOS_TO_INSTANT,
    NANOS_TO_LOCAL_DATE_TIME,
    UNSIGNED_INT_TO_LONG,
    UNSIGNED_LONG_TO_DECIMAL,
    JSON_TO_STRING,
    /** A bare BINARY (no annotation) that the table says is text ({@link BareBinaryText}). */
    BARE_BINARY_TO_STRING;

    /** The Julian day number of 1970-01-01: INT96 counts days from the Julian epoch. */
    private static final long JULIAN_DAY_OF_UNIX_EPOCH = 2_440_588;
    private static final long SECONDS_PER_DAY = 86_400;
    private static final long NANOS_PER_SECOND = 1_000_000_000;

    /**
     * The change a Parquet primitive needs, if any; repeated or not.
     *
     * @param bareBinaryIsText whether a bare BINARY here is text, as its table declares
     */
    static Optional<RetypedLeaf> of(Type column, boolean bareBinaryIsText) {
        if (!column.isPrimitive()) {
            return Optional.empty();
        }
        PrimitiveTypeName stored = column.asPrimitiveType().getPrimitiveTypeName();
        LogicalTypeAnnotation annotation = column.getLogicalTypeAnnotation();
        if (stored == PrimitiveTypeName.INT96) {
            return Optional.of(INT96_TO_INSTANT);
        }
        if (annotation instanceof DecimalLogicalTypeAnnotation
                && (stored == PrimitiveTypeName.INT32 || stored == PrimitiveTypeName.INT64)) {
            return Optional.of(INTEGER_DECIMAL);
        }
        if (annotation instanceof TimestampLogicalTypeAnnotation t && t.getUnit() == TimeUnit.NANOS
                && stored == PrimitiveTypeName.INT64) {
            return Optional.of(t.isAdjustedToUTC() ? NANOS_TO_INSTANT : NANOS_TO_LOCAL_DATE_TIME);
        }
        if (annotation instanceof IntLogicalTypeAnnotation i && !i.isSigned() && i.getBitWidth() >= 32) {
            // parquet-avro reads them as signed: 2^32 or 2^64 off past the signed range
            return Optional.of(i.getBitWidth() == 32 ? UNSIGNED_INT_TO_LONG : UNSIGNED_LONG_TO_DECIMAL);
        }
        if (annotation instanceof JsonLogicalTypeAnnotation) {
            return Optional.of(JSON_TO_STRING);
        }
        if (annotation == null && stored == PrimitiveTypeName.BINARY && bareBinaryIsText) {
            return Optional.of(BARE_BINARY_TO_STRING);
        }
        return Optional.empty();
    }

    /**
     * Whether parquet-avro read the value with its own schema for these (an int or long, a
     * 12-byte fixed for INT96, bytes for JSON and bare BINARY; no logical type). A file parquet-avro wrote carries
     * an Avro schema of its own, which describes such a column already.
     */
    static boolean isParquetAvrosOwn(Schema value) {
        return value.getLogicalType() == null && switch (value.getType()) {
            case INT, LONG, FIXED, BYTES -> true;
            default -> false;
        };
    }

    /** The value's schema in records, for a column of Parquet type {@code column}. */
    Schema schema(Type column) {
        return switch (this) {
            case INTEGER_DECIMAL -> {
                DecimalLogicalTypeAnnotation d = (DecimalLogicalTypeAnnotation) column.getLogicalTypeAnnotation();
                yield LogicalTypes.decimal(d.getPrecision(), d.getScale()).addToSchema(Schema.create(Schema.Type.BYTES));
            }
            case INT96_TO_INSTANT, NANOS_TO_INSTANT -> LogicalTypes.timestampNanos().addToSchema(Schema.create(Schema.Type.LONG));
            case NANOS_TO_LOCAL_DATE_TIME -> LogicalTypes.localTimestampNanos().addToSchema(Schema.create(Schema.Type.LONG));
            case UNSIGNED_INT_TO_LONG -> Schema.create(Schema.Type.LONG);
            case UNSIGNED_LONG_TO_DECIMAL -> LogicalTypes.decimal(20, 0).addToSchema(Schema.create(Schema.Type.BYTES));
            case JSON_TO_STRING, BARE_BINARY_TO_STRING -> Schema.create(Schema.Type.STRING);
        };
    }

    @Override
    public Object apply(Object raw) {
        if (raw == null) {
            return null;
        }
        return switch (this) {
            case INTEGER_DECIMAL -> raw;
            case INT96_TO_INSTANT -> int96(raw);
            case NANOS_TO_INSTANT -> {
                long nanos = (Long) raw;
                yield Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
            }
            case NANOS_TO_LOCAL_DATE_TIME -> {
                long nanos = (Long) raw;
                yield LocalDateTime.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND),
                        (int) Math.floorMod(nanos, NANOS_PER_SECOND), ZoneOffset.UTC);
            }
            case UNSIGNED_INT_TO_LONG -> Integer.toUnsignedLong((Integer) raw);
            case UNSIGNED_LONG_TO_DECIMAL -> {
                long bits = (Long) raw;
                yield bits >= 0 ? BigDecimal.valueOf(bits) : new BigDecimal(Long.toUnsignedString(bits));
            }
            case JSON_TO_STRING, BARE_BINARY_TO_STRING -> {
                ByteBuffer stored = ((ByteBuffer) raw).duplicate();
                byte[] text = new byte[stored.remaining()];
                stored.get(text);
                yield new Utf8(text);
            }
        };
    }

    /** An INT96 value (parquet-avro's 12 bytes: nanoseconds of the day, then the Julian day, little-endian). */
    private static Instant int96(Object raw) {
        ByteBuffer bytes = ByteBuffer.wrap(((GenericFixed) raw).bytes()).order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = bytes.getLong();
        long julianDay = Integer.toUnsignedLong(bytes.getInt());
        return Instant.ofEpochSecond((julianDay - JULIAN_DAY_OF_UNIX_EPOCH) * SECONDS_PER_DAY, nanosOfDay);
    }
}
