package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.sandbox.s3.Fault;
import io.tableload.sandbox.s3.FaultProxy;
import io.tableload.sandbox.s3.FaultRule;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --request-timeout}, {@code --retries} and {@code --metastore-timeout}: bounded, validated, documented. */
@ExtendWith(S3ServerExtension.class)
@Timeout(60)
class TimeLimitOptionsTest {

    @Test
    void aStalledStoreFailsWithExit6WithinTheRequestTimeoutTimesTheAttempts(S3Server server, @TempDir Path dest) {
        Cli.useCredentials(server.accessKey(), server.secretKey(), server.region());
        String url = "s3://" + server.createUniqueBucket("cli-stall") + "/object.bin";
        try (FaultProxy proxy = FaultProxy.start(server.endpoint())) {
            proxy.stallFor(Duration.ofSeconds(30)).inject(FaultRule.always(Fault.STALL));

            long start = System.nanoTime();
            Cli.Result r = Cli.run("s3", "get", url, "--dest", dest.toString(), "--endpoint",
                    proxy.endpoint().toString(), "--path-style", "--request-timeout", "1", "--retries", "1");
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(r.code()).as(r.err()).isEqualTo(6);
            assertThat(r.err()).contains(url).contains("2 attempt(s)");
            // Two attempts of 1 s and one backoff of at most 0.1 s; the default would be 6 x 30 s.
            assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(1900)).isLessThan(Duration.ofSeconds(6));
            assertThat(proxy.requests()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "--request-timeout, 0", "--request-timeout, -1", "--request-timeout, soon", "--request-timeout, 90000",
        "--retries, -1", "--retries, many", "--metastore-timeout, 0", "--metastore-timeout, 1e9"})
    void anOutOfRangeValueIsAUsageErrorNamingTheOption(String option, String value) {
        // Port 9 (discard) is never asked: the value is refused before anything is contacted.
        Cli.Result r = option.startsWith("--metastore")
                ? Cli.run("describe", "--table", "t", "--metastore", "thrift://127.0.0.1:9", option, value)
                : Cli.run("s3", "ls", "s3://bucket/", "--endpoint", "http://127.0.0.1:9", option, value);

        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(option).contains(value).doesNotContain("at io.tableload");
    }

    @Test
    void helpShowsTheLimitsWithTheirDefaults() {
        // Spaces and line breaks as one space: where the help wraps a line is layout.
        String root = Cli.run("--help").out().replaceAll("\\s+", " ");
        String get = Cli.run("s3", "get", "--help").out().replaceAll("\\s+", " ");
        String describe = Cli.run("describe", "--help").out().replaceAll("\\s+", " ");

        for (String help : new String[] {root, get}) {
            assertThat(help).contains("--request-timeout=SECONDS").contains("(default: 30)")
                    .contains("--retries=N").contains("(default: 5)");
        }
        for (String help : new String[] {root, describe}) {
            assertThat(help).contains("--metastore-timeout=SECONDS").contains("(default: 120)");
        }
    }
}
