package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Binds the values of a query's {@code ?} placeholders, so that values a caller has in hand (a
 * country, a date) go to DuckDB as values, never as SQL text. The types are those queries give
 * back: text, whole and decimal numbers, booleans, dates, times and timestamps, and null.
 */
final class QueryParameters {
    private QueryParameters() {}

    static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        // DuckDB's driver would take a placeholder left without a value as null.
        int placeholders = statement.getParameterMetaData().getParameterCount();
        if (placeholders != parameters.length) {
            throw new TableloadException(ErrorCode.USAGE, "the query has " + placeholders + " ? placeholder(s) and "
                    + parameters.length + " value(s) were given for them; give one value for each");
        }
        for (int i = 0; i < parameters.length; i++) {
            int index = i + 1;
            Object value = parameters[i];
            if (value == null) {
                statement.setObject(index, null);
            } else if (value instanceof CharSequence text) {
                statement.setString(index, text.toString()); // Avro's Utf8 too
            } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                statement.setLong(index, ((Number) value).longValue());
            } else if (value instanceof Double || value instanceof Float) {
                statement.setDouble(index, ((Number) value).doubleValue());
            } else if (value instanceof BigDecimal decimal) {
                statement.setBigDecimal(index, decimal);
            } else if (value instanceof BigInteger whole) {
                statement.setBigDecimal(index, new BigDecimal(whole));
            } else if (value instanceof Boolean flag) {
                statement.setBoolean(index, flag);
            } else if (value instanceof LocalDate || value instanceof LocalDateTime || value instanceof LocalTime
                    || value instanceof OffsetDateTime) {
                statement.setObject(index, value);
            } else if (value instanceof Instant instant) {
                statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
            } else {
                throw new TableloadException(ErrorCode.USAGE, "query parameter " + index + " is a "
                        + value.getClass().getName() + ", which a query cannot take: give a String, a number, a"
                        + " BigDecimal, a Boolean, a LocalDate, LocalTime, LocalDateTime, Instant or OffsetDateTime, or null");
            }
        }
    }
}
