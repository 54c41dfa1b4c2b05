package io.tableload.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The command's logging set-up, in code rather than a {@code logback.xml}: parsing XML
 * configuration cost a short run about a tenth of a second. The command applies it through
 * {@link CommandLogging}; elsewhere (tests that run the command in-process) logback finds it
 * through {@code META-INF/services}. A file named by {@code -Dlogback.configurationFile} still
 * wins.
 *
 * <ul>
 *   <li>Everything goes to stderr, so that stdout carries only data paths or JSON.</li>
 *   <li>tableload's own loggers and the root log warnings and errors ({@code --verbose} lowers
 *       tableload's to debug).</li>
 *   <li>With TLS verification turned off, the SDK's HTTP client warns on every client it builds;
 *       tableload prints one line of its own instead, so the SDK's is dropped.</li>
 * </ul>
 */
public final class LoggingSetup extends ContextAwareBase implements Configurator {
    static final String CONFIG_FILE_PROPERTY = "logback.configurationFile";
    /** The lines' layout, as a logback pattern; {@link LogLineEncoder} writes it. */
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(CONFIG_FILE_PROPERTY) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY; // logback's own configurator reads the file named
        }
        LogLineEncoder encoder = new LogLineEncoder(); // writes PATTERN's lines, without its parser
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("io.tableload").setLevel(Level.WARN);
        context.getLogger("software.amazon.awssdk.http.apache5.Apache5HttpClient").setLevel(Level.ERROR);
        // It logs a refused Kerberos exchange with its stack trace, which tableload reports itself in one line.
        context.getLogger("org.apache.thrift.transport.TSaslTransport").setLevel(Level.OFF);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
