package io.tableload.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Logging in the daemon, where commands with and without {@code --verbose} run at once:
 * tableload's debug lines are let through for the threads of a verbose command only (its
 * {@link Invocation}), and {@link DaemonStreams} takes each line to that command's client.
 */
final class DaemonLogging extends TurboFilter {
    private DaemonLogging() {}

    /** Lets tableload log debug lines, filtered per command. */
    static void install() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // logging set up by a file of the user's: left as it is
        }
        DaemonLogging filter = new DaemonLogging();
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
        context.getLogger("io.tableload").setLevel(Level.DEBUG);
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == null || level.isGreaterOrEqual(Level.WARN) || !logger.getName().startsWith("io.tableload")) {
            return FilterReply.NEUTRAL;
        }
        return Invocation.current().verbose() ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
