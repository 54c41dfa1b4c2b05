package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.tableload.ErrorCode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system properties the command sets before it starts: the selector provider it names must
 * be the one the JDK would pick by itself, and sockets must still open with it named.
 */
class LibraryPropertiesTest {
    private static final String SELECTOR_PROVIDER = "java.nio.channels.spi.SelectorProvider";

    @Test
    void theNamedSelectorProviderIsTheOneTheJdkPicksByItself() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        assumeThat(os.contains("linux") || os.contains("mac")).as("a platform whose provider is named").isTrue();
        String before = System.getProperty(SELECTOR_PROVIDER);
        try {
            System.clearProperty(SELECTOR_PROVIDER);
            Main.setLibraryProperties();
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
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Path err = tmp.resolve("err");
        ProcessBuilder ls = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "s3", "ls", "s3://bucket/", "--endpoint", "http://127.0.0.1:" + closedPort, "--path-style",
                "--region", "us-east-1")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        ls.environment().put("AWS_ACCESS_KEY_ID", "test");
        ls.environment().put("AWS_SECRET_ACCESS_KEY", "test-secret");
        Process run = ls.start();

        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("exits within 60 s").isTrue();
        String stderr = Files.readString(err);
        // Refused connections, as for any socket: a provider the JDK could not create would fail
        // before connecting, as an internal error.
        assertThat(run.exitValue()).as(stderr).isEqualTo(ErrorCode.UNREACHABLE.exitCode());
        assertThat(stderr).contains("Connection refused");
    }
}
