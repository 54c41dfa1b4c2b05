package io.tableload.s3;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Transient faults injected for real between the engine and the S3 server: error answers, resets
 * mid-body, short bodies and lying lengths. The load must complete with bytes identical to the
 * source, and only the requests that failed may be repeated.
 */
@ExtendWith(S3ServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3SessionTransientFaultTest {
    private static final int LARGE = 6 * 1024 * 1024 + 12345;
    private S3Server server;
    private S3Url root;
    private final Map<String, Sessions.Put> objects = new LinkedHashMap<>();
    private FaultProxy proxy;

    @BeforeAll
    void upload(S3Server server) {
        this.server = server;
        this.root = S3Url.parse("s3://" + server.createUniqueBucket("faults") + "/set");
        Random random = new Random(11);
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.memory())) {
            objects.putAll(Sessions.putRandom(s3, random, "small/", 30, 200_000));
            byte[] large = new byte[LARGE];
            random.nextBytes(large);
            objects.put("large.bin", Sessions.put(s3, "large.bin", large));
        }
    }

    @BeforeEach
    void startProxy() {
        proxy = FaultProxy.start(server.endpoint());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    /** Generous attempts and tiny backoffs: at 50% faults an item may need many tries, quickly. */
    private S3Settings settings() {
        return Sessions.settings(proxy.endpoint())
                .withPartSize(S3Settings.MIB)
                .withRequestTimeout(Duration.ofSeconds(5))
                .withRetry(new RetryPolicy(40, Duration.ofMillis(1), Duration.ofMillis(20), Duration.ofSeconds(60)));
    }

    @ParameterizedTest(name = "{0} on {1} of GETs")
    @CsvSource({
        "SLOW_DOWN, 0.05", "SLOW_DOWN, 0.2", "SLOW_DOWN, 0.5",
        "INTERNAL_ERROR, 0.2", "BAD_GATEWAY, 0.2", "GATEWAY_TIMEOUT, 0.2",
        "RESET_MID_BODY, 0.2", "TRUNCATE_BODY, 0.2", "WRONG_LENGTH, 0.2"})
    void faultyGetsAreRetriedUntilEveryObjectMatchesItsChecksum(Fault fault, double share, @TempDir Path dest)
            throws IOException {
        proxy.inject(FaultRule.share(share, fault).onlyMethod("GET"));
        List<String> keys = new ArrayList<>(objects.keySet());
        try (S3Session s3 = S3Session.open(settings(), root, Destination.temporary())) {
            // Sizes unknown: each object is probed with a first ranged part, the large one split after it.
            List<S3Object> got = s3.getMany(keys, GetOptions.defaults());
            for (S3Object o : got) {
                assertThat(Digests.sha256(o.localPath().orElseThrow())).as(o.key()).isEqualTo(objects.get(o.key()).sha256());
            }
            assertOnlyFailedRequestsWereRepeated();

            // Sizes known, as from a listing: small objects in one plain GET, the large one split at once.
            List<Download> downloads = keys.stream()
                    .map(k -> Download.of(root.resolve(k), k, objects.get(k).size())).toList();
            BatchResult<S3Object> result = s3.download(downloads, dest, TransferListener.NONE);
            assertThat(result.failures()).isEmpty();
            for (String key : keys) {
                assertThat(Digests.sha256(dest.resolve(key))).as(key).isEqualTo(objects.get(key).sha256());
            }
            assertThat(filesUnder(dest)).as("nothing but the objects").hasSameSizeAs(keys);
            assertOnlyFailedRequestsWereRepeated();
        }
        assertThat(proxy.injected()).as("faults injected").isPositive();
    }

    /**
     * Groups the GETs the proxy saw by object and where their range ends (a retry of a part cut
     * short asks for the rest, so its range starts later and ends in the same place): in each
     * group every request but the last was spoiled, the last went through, and no try starts
     * before the one it follows. A healthy part fetched twice, or a whole object fetched again
     * because one of its parts failed, breaks this.
     */
    private void assertOnlyFailedRequestsWereRepeated() {
        Map<String, List<FaultProxy.Seen>> byRequest = proxy.seen().stream()
                .filter(s -> s.method().equals("GET"))
                .collect(Collectors.groupingBy(s -> s.path() + " " + rangeEnd(s.range()), LinkedHashMap::new,
                        Collectors.toList()));
        assertThat(byRequest).isNotEmpty();
        byRequest.forEach((request, tries) -> {
            assertThat(tries.get(tries.size() - 1).fault()).as("last try of %s went through", request).isNull();
            assertThat(tries.subList(0, tries.size() - 1)).as("earlier tries of %s all failed", request)
                    .allSatisfy(s -> assertThat(s.fault()).isNotNull());
            assertThat(tries).extracting(s -> rangeStart(s.range())).as("starts of %s", request).isSorted();
        });
        proxy.clearSeen();
    }

    @Test
    void aPartCutShortIsAskedForAgainFromTheFirstByteItLacks(@TempDir Path dest) throws IOException {
        proxy.inject(FaultRule.first(1, Fault.TRUNCATE_BODY).onlyMethod("GET").onlyRanged());
        try (S3Session s3 = S3Session.open(settings(), root, Destination.temporary())) {
            BatchResult<S3Object> result = s3.download(
                    List.of(Download.of(root.resolve("large.bin"), "large.bin", LARGE)), dest, TransferListener.NONE);

            assertThat(result.failures()).isEmpty();
            assertThat(Digests.sha256(dest.resolve("large.bin"))).isEqualTo(objects.get("large.bin").sha256());
        }
        List<FaultProxy.Seen> cut = proxy.seen().stream().filter(s -> s.fault() != null).toList();
        assertThat(cut).hasSize(1);
        List<FaultProxy.Seen> rest = proxy.seen().stream()
                .filter(s -> s.fault() == null && rangeEnd(s.range()) == rangeEnd(cut.get(0).range())).toList();
        assertThat(rest).as("the retry of %s", cut.get(0).range()).hasSize(1);
        assertThat(rangeStart(rest.get(0).range())).isGreaterThan(rangeStart(cut.get(0).range()));
    }

    /** The first byte of {@code bytes=S-E}, or 0 for a request without a range. */
    private static long rangeStart(String range) {
        return range == null || range.isEmpty() ? 0 : Long.parseLong(range.substring(6, range.indexOf('-')));
    }

    /** The last byte of {@code bytes=S-E}, or -1 for a request without a range. */
    private static long rangeEnd(String range) {
        return range == null || range.isEmpty() ? -1 : Long.parseLong(range.substring(range.indexOf('-') + 1));
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
