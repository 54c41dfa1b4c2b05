package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * The command's logging configuration: a broken file makes logback print its own errors on
 * stdout, which would corrupt {@code --json} output and the paths scripts read.
 */
class LoggingConfigurationTest {
    @Test
    void theShippedLogbackConfigurationLoadsWithoutErrorsAndLogsWarningsToStderr() throws Exception {
        URL config = getClass().getClassLoader().getResource("logback.xml");
        assertThat(config).as("logback.xml on the cli classpath").isNotNull();

        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);

        assertThat(context.getStatusManager().getCopyOfStatusList())
                .filteredOn(s -> s.getLevel() >= Status.WARN)
                .isEmpty();
        assertThat(context.getLogger("io.tableload").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("ROOT").getAppender("STDERR")).isNotNull();
    }
}
