package io.tableload.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.tableload.catalog.Column;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.avro.generic.GenericFixed;

/**
 * Iceberg's types and partition values as tableload speaks of them elsewhere: columns with Hive
 * type names, and partition values as the text Hive would keep, so that partition specs, paths and
 * the plan read the same for every table.
 */
final class IcebergTypes {
    private static final Pattern DECIMAL = Pattern.compile("decimal\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");
    private static final Pattern PARAMETERIZED = Pattern.compile("(bucket|truncate)\\[\\d+]");
    private static final DateTimeFormatter HIVE_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH");

    private IcebergTypes() {
    }

    /**
     * The Hive type name for an Iceberg type, as Iceberg's Hive catalog writes it: {@code long} is
     * {@code bigint}, a time or UUID is a string, a timestamp with zone is Hive's
     * {@code timestamp with local time zone}. Types Hive has no name for keep Iceberg's.
     */
    static String hiveType(JsonNode type) {
        if (type.isObject()) {
            return switch (type.path("type").asText()) {
                case "struct" -> StreamSupport.stream(type.path("fields").spliterator(), false)
                        .map(f -> Column.structFieldName(f.path("name").asText()) + ":" + hiveType(f.path("type")))
                        .collect(Collectors.joining(",", "struct<", ">"));
                case "list" -> "array<" + hiveType(type.path("element")) + ">";
                case "map" -> "map<" + hiveType(type.path("key")) + "," + hiveType(type.path("value")) + ">";
                default -> type.path("type").asText();
            };
        }
        String name = type.asText().toLowerCase(Locale.ROOT);
        if (name.startsWith("decimal(")) {
            return name.replace(" ", "");
        }
        if (name.startsWith("fixed[")) {
            return "binary";
        }
        return switch (name) {
            case "long" -> "bigint";
            case "timestamp", "timestamp_ns" -> "timestamp";
            case "timestamptz", "timestamptz_ns" -> "timestamp with local time zone";
            case "time", "uuid" -> "string";
            default -> name; // boolean, int, float, double, date, string, binary; others have no Hive name
        };
    }

    /**
     * The Hive type of a partition field's values: the source column's for {@code identity} and
     * {@code truncate}; {@code int} for a year (2024) or a bucket number; {@code date} for a day;
     * {@code string} for a month ({@code 2024-03}) or an hour ({@code 2024-03-01-10}).
     */
    static String partitionType(String transform, JsonNode sourceType) {
        String t = transform.toLowerCase(Locale.ROOT);
        if (t.equals("identity") || t.startsWith("truncate[")) {
            String hive = hiveType(sourceType);
            return hive.startsWith("timestamp") ? "timestamp" : hive;
        }
        return switch (t) {
            case "year" -> "int";
            case "day" -> "date";
            case "month", "hour" -> "string";
            default -> PARAMETERIZED.matcher(t).matches() ? "int" : "string";
        };
    }

    /**
     * A partition value as a manifest stores it (in Avro, without logical-type conversion), as
     * text in the form of {@link #partitionType}; {@code null} stays {@code null}.
     */
    static String partitionText(Object value, String transform, JsonNode sourceType) {
        if (value == null) {
            return null;
        }
        String t = transform.toLowerCase(Locale.ROOT);
        switch (t) {
            case "year":
                return Integer.toString(1970 + ((Number) value).intValue());
            case "month":
                return YearMonth.of(1970, 1).plusMonths(((Number) value).intValue()).toString();
            case "day":
                return LocalDate.ofEpochDay(((Number) value).intValue()).toString();
            case "hour":
                return HOUR.format(LocalDateTime.of(1970, 1, 1, 0, 0).plusHours(((Number) value).intValue()));
            default:
                break;
        }
        if (!t.equals("identity") && !t.startsWith("truncate[")) {
            return value.toString(); // a bucket number
        }
        String source = sourceType.asText().toLowerCase(Locale.ROOT);
        return switch (source) {
            case "date" -> LocalDate.ofEpochDay(((Number) value).intValue()).toString();
            case "time" -> LocalTime.ofNanoOfDay(((Number) value).longValue() * 1000).toString();
            case "timestamp", "timestamptz" -> timestamp(((Number) value).longValue(), 1_000);
            case "timestamp_ns", "timestamptz_ns" -> timestamp(((Number) value).longValue(), 1);
            case "uuid" -> uuid(bytes(value));
            case "binary" -> HexFormat.of().formatHex(bytes(value));
            default -> {
                Matcher decimal = DECIMAL.matcher(source);
                if (decimal.matches()) {
                    yield new BigDecimal(new BigInteger(bytes(value)), Integer.parseInt(decimal.group(2))).toPlainString();
                }
                yield source.startsWith("fixed[") ? HexFormat.of().formatHex(bytes(value)) : value.toString();
            }
        };
    }

    /**
     * A partition field's bound from a manifest list (Iceberg's single-value binary form: numbers
     * little-endian, text UTF-8, decimals as their unscaled big-endian bytes) as text in the form
     * of {@link #partitionText}; empty for a type it does not read.
     */
    static Optional<String> boundText(ByteBuffer bound, String transform, JsonNode sourceType) {
        String t = transform.toLowerCase(Locale.ROOT);
        String type = t.equals("identity") || t.startsWith("truncate[") ? sourceType.asText().toLowerCase(Locale.ROOT)
                : "int"; // what year, month, day, hour and bucket give
        ByteBuffer b = bound.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        Object raw = switch (type) {
            case "int", "date" -> b.remaining() == 4 ? b.getInt(b.position()) : null;
            case "long", "time", "timestamp", "timestamptz", "timestamp_ns", "timestamptz_ns" ->
                    b.remaining() == 8 ? b.getLong(b.position()) : null;
            case "string" -> StandardCharsets.UTF_8.decode(b).toString();
            default -> type.startsWith("decimal(") || type.equals("uuid") || type.equals("binary")
                    || type.startsWith("fixed[") ? b : null;
        };
        return raw == null ? Optional.empty() : Optional.of(partitionText(raw, transform, sourceType));
    }

    /** Hive's text of a timestamp: UTC wall-clock time with microseconds ({@code 2024-03-01 10:00:00.000000}). */
    private static String timestamp(long units, long nanosPerUnit) {
        long seconds = Math.floorDiv(units * nanosPerUnit, 1_000_000_000L);
        long nanos = Math.floorMod(units * nanosPerUnit, 1_000_000_000L);
        return HIVE_TIMESTAMP.format(LocalDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), ZoneOffset.UTC));
    }

    private static String uuid(byte[] b) {
        ByteBuffer buffer = ByteBuffer.wrap(b);
        return new UUID(buffer.getLong(), buffer.getLong()).toString();
    }

    private static byte[] bytes(Object value) {
        if (value instanceof GenericFixed fixed) {
            return fixed.bytes();
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }
}
