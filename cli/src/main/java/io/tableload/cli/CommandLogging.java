package io.tableload.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.util.StatusPrinter2;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Binds SLF4J to logback for the command, set up by {@link LoggingSetup} directly.
 * {@link LibraryProperties} names it in the {@code slf4j.provider} property. Logback's own
 * provider would first search the class path for SLF4J providers and for configurators, then set
 * up its status printer: about 30 ms of CPU, paid by every run before its first log line. A file named by
 * {@code -Dlogback.configurationFile} still wins: logback's own configuration reads it then.
 */
public final class CommandLogging implements SLF4JServiceProvider {
    private final LoggerContext context = new LoggerContext();
    private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();
    private final IMarkerFactory markers = new BasicMarkerFactory();

    /** Instantiated by SLF4J, by name. */
    public CommandLogging() {}

    @Override
    public void initialize() {
        context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
        context.setMDCAdapter(mdc);
        if (System.getProperty(LoggingSetup.CONFIG_FILE_PROPERTY) == null) {
            LoggingSetup setup = new LoggingSetup();
            setup.setContext(context);
            setup.configure(context);
        } else {
            try {
                new ContextInitializer(context).autoConfig();
            } catch (JoranException e) {
                // Logback has recorded what was wrong with the file; print it as logback would.
            }
            new StatusPrinter2().printInCaseOfErrorsOrWarnings(context);
        }
        context.start();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return context;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99"; // the SLF4J API generation this binds, as logback's own provider says
    }
}
