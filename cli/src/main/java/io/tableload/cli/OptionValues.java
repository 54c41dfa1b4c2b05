package io.tableload.cli;

import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters for option values that have a valid range. picocli reports their failures as usage
 * errors (exit code 2) naming the option and the value.
 */
final class OptionValues {
    /** A day: longer than any sensible timeout, and far from {@link Duration}'s overflow. */
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(86_400);

    private OptionValues() {
    }

    /** Seconds, possibly fractional ({@code 30}, {@code 0.5}), more than zero and at most a day. */
    static final class PositiveSeconds implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            BigDecimal seconds;
            try {
                seconds = new BigDecimal(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number of seconds");
            }
            if (seconds.signum() <= 0 || seconds.compareTo(MAX_SECONDS) > 0) {
                throw new TypeConversionException("'" + value + "' must be more than 0 and at most "
                        + MAX_SECONDS + " seconds");
            }
            long nanos = seconds.movePointRight(9).longValue();
            if (nanos < 1_000_000) {
                throw new TypeConversionException("'" + value + "' is less than a millisecond");
            }
            return Duration.ofNanos(nanos);
        }
    }

    /**
     * Any text but an empty one, which is what an unset variable gives ({@code --region "$REGION"}):
     * taken as it is, it would fall back to the default quietly, or fail far from its cause.
     */
    static final class NotEmpty implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) {
                throw new TypeConversionException("an empty value was given (an unset variable?); give one,"
                        + " or leave the option out for its default");
            }
            return value.strip();
        }
    }

    /** A count of zero or more, such as a number of retries. */
    static final class Count implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int count;
            try {
                count = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a whole number");
            }
            if (count < 0 || count > 100) {
                throw new TypeConversionException("'" + value + "' must be within 0..100");
            }
            return count;
        }
    }
}
