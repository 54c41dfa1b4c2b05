package io.tableload.s3.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The two timestamp forms S3 sends: {@code Last-Modified} headers (RFC 1123, {@code Tue, 02 Jan
 * 2024 03:04:05 GMT}) and listing {@code <LastModified>} (ISO 8601, {@code 2024-01-02T03:04:05.000Z},
 * or without the milliseconds).
 * Every response and listed object carries one, and the JDK's general formatters cost about 50
 * microseconds each on a cold JVM, a fifth of the engine's own CPU on a thousand small objects;
 * the exact forms S3 writes are read by position here, and anything else goes to the JDK's parsers.
 */
final class Timestamps {
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private Timestamps() {
    }

    /** An HTTP date; empty when absent or unreadable. */
    static Optional<Instant> httpDate(String value) {
        if (value == null) {
            return Optional.empty();
        }
        // "Tue, 02 Jan 2024 03:04:05 GMT": 29 characters, fields at fixed places.
        if (value.length() == 29 && value.charAt(3) == ',' && value.endsWith(" GMT")) {
            int month = MONTHS.indexOf(value.substring(8, 11));
            Optional<Instant> fast = month >= 0 && month % 3 == 0 ? of(value, 12, month / 3 + 1, 5, 17, 20, 23) : Optional.empty();
            if (fast.isPresent()) {
                return fast;
            }
        }
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** An ISO 8601 instant as listings write it; empty when unreadable. */
    static Optional<Instant> isoInstant(String value) {
        String text = value.trim();
        // "2024-01-02T03:04:05.000Z" as AWS writes it, or "2024-01-02T03:04:05Z" as some S3 servers do.
        boolean millis = text.length() == 24 && text.charAt(19) == '.';
        if ((millis || text.length() == 20) && text.charAt(4) == '-' && text.charAt(10) == 'T'
                && text.charAt(text.length() - 1) == 'Z') {
            Optional<Instant> fast = of(text, 0, digits(text, 5, 2), 8, 11, 14, 17);
            int fraction = millis ? digits(text, 20, 3) : 0;
            if (fast.isPresent() && fraction >= 0) {
                return Optional.of(fast.get().plusMillis(fraction));
            }
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The instant from a four-digit year and two-digit day, hour, minute and second at the given places. */
    private static Optional<Instant> of(String text, int year, int month, int day, int hour, int minute, int second) {
        int y = digits(text, year, 4);
        int d = digits(text, day, 2);
        int h = digits(text, hour, 2);
        int m = digits(text, minute, 2);
        int s = digits(text, second, 2);
        if (y < 0 || month < 1 || d < 0 || h < 0 || m < 0 || s < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.of(y, month, d, h, m, s).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            return Optional.empty(); // a day or time out of range: the JDK's parser has the last word
        }
    }

    /** The decimal number of {@code count} digits at {@code from}, or -1 if any is not a digit. */
    private static int digits(String text, int from, int count) {
        int n = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
