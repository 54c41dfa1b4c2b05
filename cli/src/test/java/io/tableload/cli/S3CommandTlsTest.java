package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.SelfSignedKeyStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code tableload s3} against an HTTPS endpoint with a self-signed certificate. */
@Timeout(60)
class S3CommandTlsTest {
    @TempDir static Path keys;
    private static S3Server server;
    @TempDir Path tmp;
    private final byte[] data = new byte[250_000];
    private String bucket;
    private String https;

    @BeforeAll
    static void start() {
        server = S3Server.startTransientWithTls(SelfSignedKeyStore.create(keys));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void putOverPlainHttp() throws IOException {
        Cli.useCredentials(server.accessKey(), server.secretKey(), server.region());
        bucket = server.createUniqueBucket("cli-tls");
        https = server.secureEndpoint().orElseThrow().toString();
        new Random(11).nextBytes(data);
        Path file = Files.write(tmp.resolve("object.bin"), data);
        Cli.Result put = Cli.run("s3", "put", file.toString(), "s3://" + bucket + "/object.bin",
                "--endpoint", server.endpoint().toString(), "--path-style");
        assertThat(put.code()).as(put.err()).isZero();
    }

    @Test
    void aSelfSignedEndpointIsRefusedByDefaultWithExit6PointingAtTheOptOut() {
        long start = System.nanoTime();
        Cli.Result ls = Cli.run("s3", "ls", "s3://" + bucket + "/", "--endpoint", https, "--path-style");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(ls.code()).as(ls.err()).isEqualTo(6);
        assertThat(ls.err()).contains("s3://" + bucket + "/").contains("TLS certificate verification")
                .contains("--no-verify-tls").doesNotContain("warning").doesNotContain("at io.tableload");
        // The default retry budget would take seconds of backoff; a certificate is not retried.
        assertThat(elapsed).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void getWithNoVerifyTlsWarnsOnceAndFetchesTheSameBytes() throws IOException {
        Path dest = tmp.resolve("dest");
        Cli.Result get = Cli.run("s3", "get", "s3://" + bucket + "/object.bin", "--dest", dest.toString(),
                "--endpoint", https, "--path-style", "--no-verify-tls");

        assertThat(get.code()).as(get.err()).isZero();
        assertThat(get.err().lines().filter(l -> l.contains("warning"))).singleElement().asString()
                .contains("--no-verify-tls").contains("not checked");
        try (Stream<Path> files = Files.walk(dest)) {
            Path got = files.filter(Files::isRegularFile).findFirst().orElseThrow();
            assertThat(Files.readAllBytes(got)).isEqualTo(data);
        }
    }

    @Test
    void lsWithNoVerifyTlsListsTheObject() {
        Cli.Result ls = Cli.run("s3", "ls", "s3://" + bucket + "/", "--endpoint", https, "--path-style",
                "--no-verify-tls");

        assertThat(ls.code()).as(ls.err()).isZero();
        assertThat(ls.out()).contains("s3://" + bucket + "/object.bin").contains("250000");
    }

    @Test
    void everyCommandThatTalksToS3OffersTheOptOut() {
        for (String[] command : new String[][] {{"--help"}, {"plan", "--help"}, {"s3", "ls", "--help"},
            {"s3", "get", "--help"}, {"s3", "put", "--help"}}) {
            Cli.Result help = Cli.run(command);
            assertThat(help.out()).as(String.join(" ", command)).contains("--no-verify-tls")
                    .contains("self-signed");
        }
    }
}
