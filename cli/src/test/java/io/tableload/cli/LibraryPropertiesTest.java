package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.tableload.ErrorCode;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system properties the command sets before it starts: the selector provider it names must
 * be the one the JDK would pick by itself, and sockets must still open with it named.
 */
class LibraryPropertiesTest {
    private static final String SELECTOR_PROVIDER = LibraryProperties.SELECTOR_PROVIDER;

    @Test
    void theNamedSelectorProviderIsTheOneTheJdkPicksByItself() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        assumeThat(os.contains("linux") || os.contains("mac")).as("a platform whose provider is named").isTrue();
        String before = System.getProperty(SELECTOR_PROVIDER);
        try {
            System.clearProperty(SELECTOR_PROVIDER);
            LibraryProperties.set();
            assertThat(System.getProperty(SELECTOR_PROVIDER)).isEqualTo(SelectorProvider.provider().getClass().getName());
        } finally {
            if (before == null) {
                System.clearProperty(SELECTOR_PROVIDER);
            } else {
                System.setProperty(SELECTOR_PROVIDER, before);
            }
        }
    }

    @Test
    void aCommandThatOpensSocketsRunsWithTheProviderNamed(@TempDir Path tmp) throws Exception {
        Cli.Result ls = Cli.runInNewJvm(tmp, Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test-secret"),
                "s3", "ls", "s3://bucket/", "--endpoint", "http://127.0.0.1:" + Cli.closedPort(), "--path-style",
                "--region", "us-east-1");

        // Refused connections, as for any socket: a provider the JDK could not create would fail
        // before connecting, as an internal error.
        assertThat(ls.code()).as(ls.err()).isEqualTo(ErrorCode.UNREACHABLE.exitCode());
        assertThat(ls.err()).contains("Connection refused");
    }
}
