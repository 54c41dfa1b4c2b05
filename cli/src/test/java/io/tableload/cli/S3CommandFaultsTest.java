package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.sandbox.s3.Fault;
import io.tableload.sandbox.s3.FaultProxy;
import io.tableload.sandbox.s3.FaultRule;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code tableload s3 get} against a failing store: the documented exit codes, in bounded time. */
@ExtendWith(S3ServerExtension.class)
class S3CommandFaultsTest {
    private static final String WRONG_SECRET = "wrong-secret-cli-5e6f7a8b";
    @TempDir Path dest;
    private S3Server s3;
    private FaultProxy proxy;
    private String url;

    @BeforeEach
    void setUp(S3Server server) throws IOException {
        s3 = server;
        String bucket = server.createUniqueBucket("cli-faults");
        Cli.useCredentials(server.accessKey(), server.secretKey(), server.region());
        Path file = Files.write(dest.resolveSibling(dest.getFileName() + "-src.bin"), new byte[100_000]);
        url = "s3://" + bucket + "/object.bin";
        assertThat(Cli.run("s3", "put", file.toString(), url, "--endpoint", server.endpoint().toString(),
                "--path-style").code()).isZero();
        Files.delete(file);
        proxy = FaultProxy.start(server.endpoint());
    }

    @AfterEach
    void tearDown() {
        proxy.close();
        Cli.useCredentials(s3.accessKey(), s3.secretKey(), s3.region());
    }

    private Cli.Result getThroughProxy() {
        return Cli.run("s3", "get", url, "--dest", dest.toString(), "--endpoint", proxy.endpoint().toString(),
                "--path-style");
    }

    @Test
    void aStoreThatAlwaysAnswersSlowDownExitsWith6WithinTheRetryBudget() throws IOException {
        proxy.inject(FaultRule.always(Fault.SLOW_DOWN));

        long start = System.nanoTime();
        Cli.Result r = getThroughProxy();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(r.code()).as(r.err()).isEqualTo(6);
        assertThat(r.err()).contains(url).contains("SlowDown").contains("retry budget");
        // The default budget: 6 attempts with backoffs capped at 0.1, 0.2, 0.4, 0.8 and 1.6 s.
        assertThat(elapsed).isLessThan(Duration.ofSeconds(15));
        assertThat(proxy.requests()).isEqualTo(6);
        assertThat(filesUnder(dest)).isEmpty();
    }

    @Test
    void aWrongSecretExitsWith5SayingWhereTheCredentialsCameFrom() {
        Cli.useCredentials(s3.accessKey(), WRONG_SECRET, s3.region());

        Cli.Result r = getThroughProxy();

        assertThat(r.code()).as(r.err()).isEqualTo(5);
        assertThat(r.err()).contains(url).contains("access denied")
                .contains("the credentials came from the AWS default credential chain")
                .contains("the JVM system properties aws.accessKeyId");
        assertThat(r.out() + r.err()).doesNotContain(WRONG_SECRET);
        assertThat(proxy.requests()).as("not retried").isEqualTo(1);
    }

    @Test
    void anUnknownAccessKeyExitsWith5SayingWhereTheCredentialsCameFrom() {
        Cli.useCredentials("AKIAUNKNOWNKEY000000", WRONG_SECRET, s3.region());

        Cli.Result r = getThroughProxy();

        assertThat(r.code()).as(r.err()).isEqualTo(5);
        assertThat(r.err()).contains(url).contains("access denied").contains("InvalidAccessKeyId")
                .contains("the credentials came from the AWS default credential chain");
        assertThat(r.out() + r.err()).doesNotContain(WRONG_SECRET);
        assertThat(proxy.requests()).as("not retried").isEqualTo(1);
    }

    @Test
    void aProfileThatDoesNotExistExitsWith5AtOnceSendingNothing() {
        Cli.Result r = Cli.run("s3", "get", url, "--dest", dest.toString(), "--endpoint", proxy.endpoint().toString(),
                "--path-style", "--profile", "tableload-test-no-such-profile");

        assertThat(r.code()).as(r.err()).isEqualTo(5);
        assertThat(r.err()).contains("found no AWS credentials in the profile 'tableload-test-no-such-profile'")
                .contains("--profile").doesNotContain("attempt(s)", "came from");
        assertThat(proxy.requests()).isZero();
    }

    private static java.util.List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
