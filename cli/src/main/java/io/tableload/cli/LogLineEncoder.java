package io.tableload.cli;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Writes each event as {@link LoggingSetup#PATTERN} would ({@code 12:34:56.789 WARN  i.t.s.Logger -
 * message}, then the stack trace), without logback's pattern parser: setting that up cost every
 * run of the command about 25 ms. {@code LogLineEncoderTest} holds the two to the same output.
 */
final class LogLineEncoder extends EncoderBase<ILoggingEvent> {
    private final TargetLengthBasedClassNameAbbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(24);

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160);
        // The zone is looked up at the first line, not when logging is set up: reading the
        // system's zone costs about 10 ms, and most runs log nothing.
        LocalTime time = LocalTime.ofInstant(Instant.ofEpochMilli(event.getTimeStamp()), ZoneId.systemDefault());
        digits(line, time.getHour(), 2).append(':');
        digits(line, time.getMinute(), 2).append(':');
        digits(line, time.getSecond(), 2).append('.');
        digits(line, time.getNano() / 1_000_000, 3).append(' ');
        String level = event.getLevel().toString();
        line.append(level).append(" ".repeat(Math.max(0, 5 - level.length())));
        line.append(' ').append(abbreviator.abbreviate(event.getLoggerName()));
        line.append(" - ").append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)); // ends with its own line separator
        }
        return line.toString().getBytes(Charset.defaultCharset());
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    private static StringBuilder digits(StringBuilder to, int value, int width) {
        String text = Integer.toString(value);
        return to.append("0".repeat(Math.max(0, width - text.length()))).append(text);
    }
}
