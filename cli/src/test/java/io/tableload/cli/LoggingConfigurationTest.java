package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.Status;
import io.tableload.ErrorCode;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void theCommandsOwnSlf4jBindingAppliesTheSetUp() {
        CommandLogging logging = new CommandLogging();
        logging.initialize();

        assertThat(logging.getLoggerFactory()).isInstanceOfSatisfying(LoggerContext.class, context -> {
            assertThat(context.getLogger("io.tableload").getLevel()).isEqualTo(Level.WARN);
            assertThat(context.getLogger("ROOT").getAppender("STDERR")).isNotNull();
            assertThat(context.isStarted()).isTrue();
        });
        assertThat(logging.getMDCAdapter()).isNotNull();
        assertThat(logging.getMarkerFactory().getMarker("m").getName()).isEqualTo("m");
    }

    @Test
    void aRunOfTheCommandLogsThroughItsSetUpAndPrintsNoNotesOfSlf4j(@TempDir Path tmp) throws Exception {
        Cli.Result run = Cli.runInNewJvm(tmp, Map.of(),
                "--verbose", "--table", "db.t", "--dry-run", "--metastore", "thrift://127.0.0.1:" + Cli.closedPort());

        assertThat(run.code()).as(run.err()).isEqualTo(ErrorCode.UNREACHABLE.exitCode());
        assertThat(run.err().lines())
                .anyMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} DEBUG i\\.t\\.c\\.h\\.MetastoreClients - .*"))
                .noneMatch(line -> line.startsWith("SLF4J"));
        assertThat(run.out()).isEmpty();
    }
}
