package io.tableload.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The partition key types a filter can compare, with how their values parse. */
enum KeyType {
    STRING(null, null), BIGINT(Long.MIN_VALUE, Long.MAX_VALUE), INT((long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE),
    SMALLINT((long) Short.MIN_VALUE, (long) Short.MAX_VALUE), TINYINT((long) Byte.MIN_VALUE, (long) Byte.MAX_VALUE),
    DATE(null, null), BOOLEAN(null, null), DECIMAL(null, null), DOUBLE(null, null), TIMESTAMP(null, null);

    private final Long min;
    private final Long max;

    KeyType(Long min, Long max) {
        this.min = min;
        this.max = max;
    }

    /** The type for a Hive type name, or {@code null} if filters cannot compare it. */
    static KeyType of(String hiveType) {
        String t = hiveType.toLowerCase(Locale.ROOT).strip();
        if (t.equals("string") || t.startsWith("varchar") || t.startsWith("char")) {
            return STRING;
        }
        return switch (t) {
            case "bigint" -> BIGINT;
            case "int", "integer" -> INT;
            case "smallint" -> SMALLINT;
            case "tinyint" -> TINYINT;
            case "date" -> DATE;
            case "boolean" -> BOOLEAN;
            case "float", "double", "double precision" -> DOUBLE;
            case "timestamp" -> TIMESTAMP;
            default -> t.equals("decimal") || t.startsWith("decimal(") || t.startsWith("numeric") ? DECIMAL : null;
        };
    }

    boolean isIntegral() {
        return min != null;
    }

    /**
     * Whether the metastore's filter compares keys of this type as values: its filter language
     * compares text, whole numbers and (written as text) dates; anything else is compared here.
     */
    boolean metastoreCompares() {
        return this == STRING || this == DATE || isIntegral();
    }

    /** The typed value, or {@code null} if the text is not a value of this type. */
    Comparable<?> parse(String text) {
        if (text == null) {
            return null;
        }
        switch (this) {
            case STRING:
                return text;
            case DATE:
                try {
                    return LocalDate.parse(text.strip());
                } catch (DateTimeParseException e) {
                    return null;
                }
            case BOOLEAN:
                String b = text.strip().toLowerCase(Locale.ROOT);
                return b.equals("true") ? Boolean.TRUE : b.equals("false") ? Boolean.FALSE : null;
            case DECIMAL:
                try {
                    return new BigDecimal(text.strip()); // compareTo: 1.5 equals 1.50
                } catch (NumberFormatException e) {
                    return null;
                }
            case DOUBLE:
                try {
                    return Double.valueOf(text.strip());
                } catch (NumberFormatException e) {
                    return null;
                }
            case TIMESTAMP:
                try {
                    return HiveTimestamps.parse(text);
                } catch (DateTimeParseException e) {
                    return null;
                }
            default:
                try {
                    long v = Long.parseLong(text.strip());
                    return v < min || v > max ? null : v;
                } catch (NumberFormatException e) {
                    return null;
                }
        }
    }

    /** What a valid value looks like, for error messages. */
    String example() {
        return switch (this) {
            case STRING -> "any text";
            case DATE -> "a date like 2024-01-31";
            case BOOLEAN -> "true or false";
            case DECIMAL, DOUBLE -> "a number like 12.5";
            case TIMESTAMP -> "a timestamp like 2024-01-31 10:00:00";
            default -> "a whole number from " + min + " to " + max;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Comparable<?> a, Comparable<?> b) {
        return ((Comparable) a).compareTo(b);
    }
}
