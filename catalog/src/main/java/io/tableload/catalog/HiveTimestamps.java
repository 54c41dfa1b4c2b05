package io.tableload.catalog;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Timestamps written as Hive writes a timestamp partition's value ({@code 2024-01-31 10:00:00.5}),
 * also with a {@code T} between date and time, or as a date alone (midnight). One reading for the
 * partition filter and for the typed partition columns, so that both agree on every value.
 */
public final class HiveTimestamps {
    private static final DateTimeFormatter TEXT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendPattern("[ ]['T']").append(DateTimeFormatter.ISO_LOCAL_TIME).optionalEnd()
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .toFormatter(Locale.ROOT);

    private HiveTimestamps() {
    }

    /**
     * The wall-clock time {@code text} names (surrounding spaces ignored).
     *
     * @throws DateTimeParseException when it is not a timestamp
     */
    public static LocalDateTime parse(String text) {
        return LocalDateTime.parse(text.strip(), TEXT);
    }
}
