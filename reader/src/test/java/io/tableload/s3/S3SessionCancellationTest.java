package io.tableload.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download or upload given up from another thread ({@link Cancellation}): a download must
 * return at once rather than when its slow transfers end, fail only what was not complete, and
 * leave no partial file; an upload must send and retry nothing after it.
 */
@ExtendWith(S3ServerExtension.class)
@Timeout(60) // a cancellation that is not heard would wait out a transfer of minutes
class S3SessionCancellationTest {
    private static final int SIZE = 200_000;
    private static final TableloadException REASON = new TableloadException(ErrorCode.USAGE, "the filter is bad");

    private S3Url root;
    private FaultProxy proxy;

    @BeforeEach
    void setUp(S3Server server) {
        root = S3Url.parse("s3://" + server.createUniqueBucket("cancel") + "/c");
        Random random = new Random(5);
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.memory())) {
            for (String key : List.of("fast.bin", "slow-1.bin", "slow-2.bin")) {
                byte[] data = new byte[SIZE];
                random.nextBytes(data);
                s3.put(key, data, PutOptions.defaults());
            }
        }
        // 16 bytes every 50 ms: the slow objects would take over ten minutes each.
        proxy = FaultProxy.start(server.endpoint()).trickle(16, Duration.ofMillis(50));
        proxy.inject(FaultRule.always(Fault.TRICKLE).onlyPathContaining("slow-"));
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    @Test
    void cancellingReturnsAtOnceFailsTheUnfinishedObjectsAndKeepsTheFinishedOne(@TempDir Path dest) throws Exception {
        CountDownLatch fastDone = new CountDownLatch(1);
        TransferListener listener = countingDownWhenFastIsDone(fastDone);
        Cancellation cancellation = new Cancellation();

        try (S3Session s3 = S3Session.open(slowSettings(), Destination.memory())) {
            CompletableFuture<BatchResult<S3Object>> download = CompletableFuture.supplyAsync(
                    () -> s3.download(downloads(), dest, listener, cancellation));
            assertThat(fastDone.await(20, TimeUnit.SECONDS)).isTrue();
            awaitRequests(3); // the slow bodies are trickling in
            assertThat(download).isNotDone();

            long start = System.nanoTime();
            cancellation.cancel(REASON);
            BatchResult<S3Object> result = download.get(20, TimeUnit.SECONDS);
            Duration afterCancel = Duration.ofNanos(System.nanoTime() - start);

            assertThat(afterCancel).isLessThan(Duration.ofSeconds(3));
            assertThat(result.items().get(0).error()).isEmpty();
            assertThat(result.failures()).hasSize(2).allSatisfy(f -> {
                TableloadException e = f.error().orElseThrow();
                assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                assertThat(e.getMessage()).contains("gave up downloading", "slow-", "the filter is bad");
                assertThat(e.getCause()).isSameAs(REASON);
            });
            assertThat(filesUnder(dest)).containsExactly(dest.resolve("fast.bin"));
            assertThat(Files.size(dest.resolve("fast.bin"))).isEqualTo(SIZE);
        }
    }

    @Test
    void interruptingTheThreadThatWaitsGivesUpTheDownloadAtOnceAndKeepsTheInterrupt(@TempDir Path dest) throws Exception {
        AtomicReference<BatchResult<S3Object>> result = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        CountDownLatch fastDone = new CountDownLatch(1);
        TransferListener listener = countingDownWhenFastIsDone(fastDone);
        Cancellation cancellation = new Cancellation();
        try (S3Session s3 = S3Session.open(slowSettings(), Destination.memory())) {
            // As a training step is stopped: Future.cancel(true), a notebook's interrupt.
            Thread waiting = new Thread(() -> {
                result.set(s3.download(downloads(), dest, listener, cancellation));
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            waiting.start();
            assertThat(fastDone.await(20, TimeUnit.SECONDS)).isTrue();
            awaitRequests(3); // the slow bodies are trickling in

            long start = System.nanoTime();
            waiting.interrupt();
            waiting.join(TimeUnit.SECONDS.toMillis(20));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
        assertThat(stillInterrupted).isTrue();
        assertThat(result.get().failures()).hasSize(2).allSatisfy(f ->
                assertThat(f.error().orElseThrow().getMessage()).contains("slow-", "interrupted"));
        assertThat(cancellation.reason()).isPresent();
        assertThat(filesUnder(dest)).containsExactly(dest.resolve("fast.bin"));
    }

    @Test
    void aDownloadCancelledBeforeItStartsSendsNoRequestAndWritesNothing(@TempDir Path dest) throws IOException {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel(REASON);
        cancellation.cancel(new TableloadException(ErrorCode.INTERNAL, "a later reason"));

        try (S3Session s3 = S3Session.open(slowSettings(), Destination.memory())) {
            BatchResult<S3Object> result = s3.download(downloads(), dest, TransferListener.NONE, cancellation);

            assertThat(result.failures()).hasSize(3)
                    .allSatisfy(f -> assertThat(f.error().orElseThrow().getCause()).isSameAs(REASON));
        }
        assertThat(cancellation.reason()).containsSame(REASON);
        assertThat(proxy.requests()).isZero();
        assertThat(filesUnder(dest)).isEmpty();
    }

    @Test
    void anUploadCancelledWhileItsAttemptsStallIsNotRetriedAndWritesNothing(S3Server server) throws Exception {
        proxy.stallFor(Duration.ofSeconds(2)).inject(FaultRule.first(2, Fault.STALL).onlyMethod("PUT"));
        Cancellation cancellation = new Cancellation();

        try (S3Session s3 = S3Session.open(slowSettings(), root, Destination.memory())) {
            CompletableFuture<BatchResult<PutResult>> upload = CompletableFuture.supplyAsync(
                    () -> s3.putMany(uploads(), cancellation));
            awaitRequests(2);
            cancellation.cancel(REASON);
            BatchResult<PutResult> result = upload.get(20, TimeUnit.SECONDS);

            assertThat(result.failures()).hasSize(2).allSatisfy(f -> {
                TableloadException e = f.error().orElseThrow();
                assertThat(e.getMessage()).contains("gave up uploading to", "up-", "the filter is bad");
                assertThat(e.getCause()).isSameAs(REASON);
            });
        }
        assertThat(proxy.requests()).as("the stalled attempts, and no retry").isEqualTo(2);
        assertThat(objectsOnServer(server)).isEmpty();
    }

    @Test
    void anUploadCancelledBeforeItStartsSendsNoRequest(S3Server server) {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel(REASON);

        try (S3Session s3 = S3Session.open(slowSettings(), root, Destination.memory())) {
            BatchResult<PutResult> result = s3.putMany(uploads(), cancellation);

            assertThat(result.failures()).hasSize(2)
                    .allSatisfy(f -> assertThat(f.error().orElseThrow().getCause()).isSameAs(REASON));
        }
        assertThat(proxy.requests()).isZero();
        assertThat(objectsOnServer(server)).isEmpty();
    }

    @Test
    void closingTheSessionEndsAGetManyRunningInAnotherThreadAndDeletesItsDirectoryForGood() throws Exception {
        S3Session s3 = S3Session.open(slowSettings().withMaxConcurrency(1), root, Destination.temporary());
        Path directory = s3.directory().orElseThrow();
        CompletableFuture<List<S3Object>> getMany = CompletableFuture.supplyAsync(
                () -> s3.getMany(List.of("slow-1.bin", "slow-2.bin", "fast.bin"), GetOptions.defaults()));
        awaitRequests(1); // slow-1 trickles in on the one thread; the others wait their turn

        long start = System.nanoTime();
        s3.close();

        assertThatThrownBy(() -> getMany.get(20, TimeUnit.SECONDS)).cause()
                .isInstanceOf(TableloadException.class)
                .hasMessageContaining("closed while this was running")
                .satisfies(e -> assertThat(((TableloadException) e).code()).isEqualTo(ErrorCode.USAGE));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(directory).doesNotExist();
        assertThatThrownBy(() -> s3.get("fast.bin")).isInstanceOf(TableloadException.class).hasMessageContaining("closed");
        assertThat(directory).doesNotExist();
    }

    @Test
    void closingTheSessionEndsADownloadRunningInAnotherThreadThroughItsCancellation(@TempDir Path dest) throws Exception {
        S3Session s3 = S3Session.open(slowSettings(), Destination.memory());
        Cancellation cancellation = new Cancellation();
        CompletableFuture<BatchResult<S3Object>> download = CompletableFuture.supplyAsync(
                () -> s3.download(downloads(), dest, TransferListener.NONE, cancellation));
        awaitRequests(3);

        s3.close();

        BatchResult<S3Object> result = download.get(20, TimeUnit.SECONDS);
        assertThat(result.failures()).extracting(f -> f.error().orElseThrow().getMessage())
                .isNotEmpty().allSatisfy(message -> assertThat(message).contains("closed while this was running"));
        assertThat(cancellation.reason()).hasValueSatisfying(why -> assertThat(why.code()).isEqualTo(ErrorCode.USAGE));
        assertThat(filesUnder(dest)).allSatisfy(file -> assertThat(file.getFileName()).hasToString("fast.bin"));
    }

    /** A listener that counts {@code fastDone} down once {@code fast.bin} has downloaded. */
    private static TransferListener countingDownWhenFastIsDone(CountDownLatch fastDone) {
        return new TransferListener() {
            @Override
            public void objectDone(S3Url url, boolean success) {
                if (url.key().endsWith("fast.bin") && success) {
                    fastDone.countDown();
                }
            }
        };
    }

    private static List<PutRequest> uploads() {
        return Stream.of("up-1.bin", "up-2.bin")
                .map(key -> PutRequest.ofBytes(key, new byte[SIZE], PutOptions.defaults()))
                .toList();
    }

    /** The uploads' keys that exist on the server, asked directly. */
    private List<String> objectsOnServer(S3Server server) {
        try (S3Session direct = S3Session.open(Sessions.settings(server), root, Destination.memory())) {
            return direct.infoMany(List.of("up-1.bin", "up-2.bin"), GetOptions.returningMissing()).stream()
                    .filter(S3Object::exists).map(S3Object::key).toList();
        }
    }

    /** Long timeouts, so that only the cancellation can end the slow transfers soon. */
    private S3Settings slowSettings() {
        return Sessions.settings(proxy.endpoint())
                .withRequestTimeout(Duration.ofSeconds(50))
                .withRetry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofSeconds(55)));
    }

    private List<Download> downloads() {
        return Stream.of("fast.bin", "slow-1.bin", "slow-2.bin")
                .map(key -> Download.of(root.resolve(key), key, SIZE))
                .toList();
    }

    private void awaitRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (proxy.requests() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(proxy.requests()).isGreaterThanOrEqualTo(count);
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
