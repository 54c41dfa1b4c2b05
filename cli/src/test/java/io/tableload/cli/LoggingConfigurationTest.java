package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.Status;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The command's logging set-up: logback must find it, and it must log warnings to stderr only;
 * anything logback itself complains about would go to stdout, corrupting {@code --json} output
 * and the paths scripts read.
 */
class LoggingConfigurationTest {
    @Test
    void logbackFindsTheSetUpThroughItsServiceFile() {
        assertThat(ServiceLoader.load(Configurator.class))
                .extracting(c -> c.getClass().getName())
                .contains(LoggingSetup.class.getName());
    }

    @Test
    void theSetUpLogsWarningsToStderrWithoutErrors() {
        LoggerContext context = new LoggerContext();
        LoggingSetup setup = new LoggingSetup();
        setup.setContext(context);

        assertThat(setup.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        assertThat(context.getStatusManager().getCopyOfStatusList())
                .filteredOn(s -> s.getLevel() >= Status.WARN)
                .isEmpty();
        assertThat(context.getLogger("io.tableload").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("ROOT").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("ROOT").getAppender("STDERR"))
                .isInstanceOfSatisfying(ConsoleAppender.class, a -> assertThat(a.getTarget()).isEqualTo("System.err"));
    }
}
