package io.tableload.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.sandbox.s3.Fault;
import io.tableload.sandbox.s3.FaultProxy;
import io.tableload.sandbox.s3.FaultRule;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers that never answer, or answer far too slowly: the engine must give up within the time
 * its settings allow (request timeout, retry budget), as {@code UNREACHABLE}, and leave nothing
 * behind. Elapsed times are asserted with generous margins; the point is "bounded", not "exact".
 */
@ExtendWith(S3ServerExtension.class)
@Timeout(60) // a regression here would hang; fail instead
class S3SessionTimeoutTest {
    private static final int SIZE = 200_000;
    private S3Server server;
    private S3Url root;
    private FaultProxy proxy;

    @BeforeEach
    void setUp(S3Server server) {
        this.server = server;
        this.root = S3Url.parse("s3://" + server.createUniqueBucket("timeouts") + "/t");
        byte[] data = new byte[SIZE];
        new Random(3).nextBytes(data);
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.memory())) {
            s3.put("object.bin", data, PutOptions.defaults());
        }
        proxy = FaultProxy.start(server.endpoint());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    @Test
    void aStalledServerFailsAsUnreachableOnceTheAttemptsAreSpent(@TempDir Path dest) throws IOException {
        proxy.stallFor(Duration.ofSeconds(30)).inject(FaultRule.always(Fault.STALL));
        Duration requestTimeout = Duration.ofMillis(400);
        S3Settings settings = Sessions.settings(proxy.endpoint())
                .withRequestTimeout(requestTimeout)
                .withRetry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofSeconds(20)));

        long start = System.nanoTime();
        TableloadException e = downloadFailure(settings, dest, SIZE);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(e.getMessage()).contains(root + "/object.bin").contains("3 attempt(s)").contains("timed out");
        // Three attempts of 0.4 s each: about 1.2 s, far below the 20 s overall budget.
        assertThat(elapsed).isGreaterThanOrEqualTo(requestTimeout.multipliedBy(3).minusMillis(100))
                .isLessThan(Duration.ofSeconds(6));
        assertThat(proxy.requests()).isEqualTo(3);
        assertThat(filesUnder(dest)).isEmpty();
    }

    @Test
    void aStalledServerFailsWithinTheOverallBudgetWhateverTheAttempts(@TempDir Path dest) {
        proxy.stallFor(Duration.ofSeconds(30)).inject(FaultRule.always(Fault.STALL));
        Duration overall = Duration.ofMillis(1500);
        S3Settings settings = Sessions.settings(proxy.endpoint())
                .withRequestTimeout(Duration.ofSeconds(10)) // longer than the budget: the budget must win
                .withRetry(new RetryPolicy(1000, Duration.ofMillis(1), Duration.ofMillis(10), overall));

        long start = System.nanoTime();
        TableloadException e = downloadFailure(settings, dest, SIZE);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(e.getMessage()).contains(root + "/object.bin").contains("retry budget");
        assertThat(elapsed).isGreaterThanOrEqualTo(overall.minusMillis(100)).isLessThan(overall.plusSeconds(4));
    }

    @Test
    void aTricklingBodyFailsWithinTheOverallBudgetAndLeavesNoFile(@TempDir Path dest) throws IOException {
        // 16 bytes every 50 ms never trips a read timeout, but 200 kB would take over ten minutes.
        proxy.trickle(16, Duration.ofMillis(50)).inject(FaultRule.always(Fault.TRICKLE));
        Duration overall = Duration.ofMillis(1500);
        S3Settings settings = Sessions.settings(proxy.endpoint())
                .withRequestTimeout(Duration.ofSeconds(5))
                .withRetry(new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(10), overall));

        long start = System.nanoTime();
        TableloadException e = downloadFailure(settings, dest, SIZE);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(e.getMessage()).contains(root + "/object.bin").contains("too slowly");
        assertThat(elapsed).isLessThan(overall.plusSeconds(4));
        assertThat(filesUnder(dest)).isEmpty();
    }

    @Test
    void aTricklingBodyOfUnknownSizeFailsTheSameWayInASession() {
        proxy.trickle(16, Duration.ofMillis(50)).inject(FaultRule.always(Fault.TRICKLE));
        Duration overall = Duration.ofMillis(1500);
        S3Settings settings = Sessions.settings(proxy.endpoint())
                .withRetry(new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(10), overall));
        try (S3Session s3 = S3Session.open(settings, root, Destination.temporary())) {
            long start = System.nanoTime();
            BatchResult<S3Object> result = s3.tryGetMany(List.of("object.bin"), GetOptions.defaults());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(result.failures()).singleElement()
                    .satisfies(f -> assertThat(f.error().orElseThrow().code()).isEqualTo(ErrorCode.UNREACHABLE));
            assertThat(elapsed).isLessThan(overall.plusSeconds(4));
        }
    }

    private TableloadException downloadFailure(S3Settings settings, Path dest, long size) {
        try (S3Session s3 = S3Session.open(settings, Destination.memory())) {
            BatchResult<S3Object> result = s3.download(
                    List.of(Download.of(root.resolve("object.bin"), "object.bin", size)), dest, TransferListener.NONE);
            assertThat(result.allSucceeded()).isFalse();
            return catchThrowableOfType(TableloadException.class, result::values);
        }
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
