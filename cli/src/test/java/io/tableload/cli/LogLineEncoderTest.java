package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogLineEncoderTest {
    private final LoggerContext context = new LoggerContext();

    private LoggingEvent event(String logger, Level level, String message, Throwable thrown, Object... args) {
        return new LoggingEvent(LogLineEncoderTest.class.getName(), context.getLogger(logger), level, message, thrown,
                args);
    }

    @Test
    void linesAreWhatThePatternWrites() {
        PatternLayoutEncoder pattern = new PatternLayoutEncoder();
        pattern.setContext(context);
        pattern.setPattern(LoggingSetup.PATTERN);
        pattern.start();
        LogLineEncoder encoder = new LogLineEncoder();
        encoder.setContext(context);
        encoder.start();
        Exception cause = new IOException("disk full");
        List<LoggingEvent> events = List.of(
                event("io.tableload.s3.internal.Fetcher", Level.WARN, "retrying {} after {}", null, "s3://b/k", "503"),
                event("io.tableload.cli.Main", Level.DEBUG, "debug line", null),
                event("org.apache.thrift.transport.TSocket", Level.ERROR, "failed", new IllegalStateException("outer", cause)),
                event("ROOT", Level.INFO, "ünïcode ✓ message", null),
                event("x", Level.TRACE, "", null));

        for (LoggingEvent e : events) {
            assertThat(new String(encoder.encode(e), Charset.defaultCharset()))
                    .isEqualTo(new String(pattern.encode(e), Charset.defaultCharset()));
        }
    }
}
