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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers no retry can change (not found, access denied, invalid range) fail at once, each with
 * its own code, naming the URL and never the secret; partial failure of a batch is data. Requests
 * are counted at a proxy in front of the server to prove nothing was retried.
 */
@ExtendWith(S3ServerExtension.class)
class S3SessionPermanentErrorTest {
    private static final String WRONG_SECRET = "wrong-secret-0f3c9a7e5b1d";
    private S3Server server;
    private S3Url root;
    private FaultProxy proxy;

    @BeforeEach
    void setUp(S3Server server) {
        this.server = server;
        this.root = S3Url.parse("s3://" + server.createUniqueBucket("permanent") + "/p");
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.memory())) {
            s3.put("here.txt", "0123456789", PutOptions.defaults());
        }
        proxy = FaultProxy.start(server.endpoint());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    /** Many attempts allowed, so a single request proves the engine chose not to retry. */
    private S3Settings settings() {
        return Sessions.settings(proxy.endpoint())
                .withRetry(new RetryPolicy(10, Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofSeconds(30)));
    }

    @Test
    void aMissingKeyFailsAtOnceAsNotFoundNamingTheUrl() {
        try (S3Session s3 = S3Session.open(settings(), root, Destination.temporary())) {
            TableloadException e = catchThrowableOfType(TableloadException.class, () -> s3.get("absent.txt"));

            assertThat(e).isInstanceOf(S3NotFoundException.class).hasMessageContaining(root + "/absent.txt");
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.code().exitCode()).isEqualTo(3);
            assertThat(proxy.requests()).isEqualTo(1);
        }
    }

    @Test
    void aWrongSecretFailsAtOnceAsAccessDeniedNamingTheSourceButNotTheSecret() {
        S3Settings wrong = settings().withCredentials(S3Credentials.of(S3Server.ACCESS_KEY, WRONG_SECRET));
        try (S3Session s3 = S3Session.open(wrong, root, Destination.temporary())) {
            TableloadException get = catchThrowableOfType(TableloadException.class, () -> s3.get("here.txt"));
            TableloadException info = catchThrowableOfType(TableloadException.class,
                    () -> s3.info("here.txt", GetOptions.defaults()));
            TableloadException list = catchThrowableOfType(TableloadException.class, () -> s3.listRecursive(List.of("")));

            for (TableloadException e : List.of(get, info, list)) {
                assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
                assertThat(e.code().exitCode()).isEqualTo(5);
                assertThat(e.getMessage()).contains(root.toString())
                        .contains("the credentials given in the session's settings")
                        .doesNotContain(WRONG_SECRET);
            }
            assertThat(get.getMessage()).contains("SignatureDoesNotMatch");
            assertThat(proxy.requests()).as("one request each, none retried").isEqualTo(3);
        }
    }

    @Test
    void anArchivedObjectFailsAtOnceSayingToRestoreIt() {
        proxy.inject(FaultRule.always(Fault.ARCHIVED).onlyMethod("GET").onlyPathContaining("here.txt"));
        try (S3Session s3 = S3Session.open(settings(), root, Destination.temporary())) {
            TableloadException e = catchThrowableOfType(TableloadException.class, () -> s3.get("here.txt"));

            assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
            assertThat(e).hasMessageStartingWith("could not download " + root + "/here.txt: the object is archived")
                    .hasMessageContaining("restore-object").hasMessageNotContaining("credentials");
            assertThat(proxy.requests()).isEqualTo(1);
        }
    }

    @Test
    void anUnknownAccessKeyFailsAtOnceAsAccessDenied() {
        S3Settings unknown = settings().withCredentials(S3Credentials.of("AKIAUNKNOWNKEY000042", WRONG_SECRET));
        try (S3Session s3 = S3Session.open(unknown, root, Destination.temporary())) {
            TableloadException e = catchThrowableOfType(TableloadException.class, () -> s3.get("here.txt"));

            assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
            assertThat(e.getMessage()).contains(root + "/here.txt").contains("ending in 0042").doesNotContain(WRONG_SECRET);
            assertThat(proxy.requests()).isEqualTo(1);
        }
    }

    @Test
    void noCredentialsWhereTheyWereLookedForFailsAtOnceAsAccessDeniedSendingNothing() {
        S3Settings noSuchProfile = S3Settings.defaults().withEndpoint(proxy.endpoint()).withRegion(S3Server.REGION)
                .withPathStyle(true).withProfile("tableload-test-no-such-profile").withRetry(settings().retry());
        try (S3Session s3 = S3Session.open(noSuchProfile, root, Destination.temporary())) {
            long start = System.nanoTime();
            List<TableloadException> failures = List.of(
                    catchThrowableOfType(TableloadException.class, () -> s3.get("here.txt")),
                    catchThrowableOfType(TableloadException.class, () -> s3.info("here.txt", GetOptions.defaults())),
                    catchThrowableOfType(TableloadException.class, () -> s3.listRecursive(List.of(""))),
                    catchThrowableOfType(TableloadException.class, () -> s3.put("new.txt", "x", PutOptions.defaults())));

            for (TableloadException e : failures) {
                assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
                assertThat(e.getMessage())
                        .startsWith("found no AWS credentials in the profile 'tableload-test-no-such-profile'")
                        .contains("--profile").contains("AWS_ACCESS_KEY_ID")
                        .doesNotContain("ProfileFile(", "check the endpoint and the network", "came from");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not retried").isLessThan(Duration.ofSeconds(5));
            assertThat(proxy.requests()).isZero();
        }
    }

    @Test
    void aRangeOutsideTheObjectFailsAtOnceAsAUsageError() {
        try (S3Session s3 = S3Session.open(settings(), root, Destination.memory())) {
            TableloadException e = catchThrowableOfType(TableloadException.class,
                    () -> s3.get("here.txt", ByteRange.of(50, 2)));

            assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
            assertThat(e.getMessage()).contains(root + "/here.txt").contains("range");
            assertThat(proxy.requests()).isEqualTo(1);
        }
    }

    @Test
    void anObjectWhoseSizeDiffersFromItsListingFailsAtOnceSayingItWasReplaced(@TempDir Path dest) {
        S3Settings settings = settings();
        long listed = settings.partSize() + 1; // fetched in ranged parts, whose Content-Range gives the size
        try (S3Session s3 = S3Session.open(settings, Destination.memory())) {
            BatchResult<S3Object> result = s3.download(List.of(Download.of(root.resolve("here.txt"), "here.txt", listed)),
                    dest, TransferListener.NONE);

            TableloadException e = result.failures().get(0).error().orElseThrow();
            // The first part says the size; a later one, past the end, may fail first.
            assertThat(e.getMessage()).containsAnyOf(root + "/here.txt is 10 bytes on the server",
                    root + "/here.txt is smaller on the server").contains("listed with " + listed + " bytes", "replaced since");
            assertThat(proxy.requests()).as("at most one request per part, none retried").isBetween(1, 2);
            assertThat(dest.resolve("here.txt")).doesNotExist();
        }
    }

    @Test
    void aBatchUnderFaultsReportsEachFailureAsDataAndThrowsWhenAllOrNothingWasAsked() {
        proxy.inject(FaultRule.share(0.3, Fault.SLOW_DOWN).onlyMethod("GET"));
        List<String> keys = List.of("here.txt", "gone-1", "here.txt", "gone-2");
        try (S3Session s3 = S3Session.open(settings(), root, Destination.temporary())) {
            BatchResult<S3Object> result = s3.tryGetMany(keys, GetOptions.defaults());

            assertThat(result.items()).extracting(BatchResult.Item::request).containsExactlyElementsOf(keys);
            assertThat(result.successes()).extracting(S3Object::text).containsExactly("0123456789", "0123456789");
            assertThat(result.failures()).extracting(BatchResult.Item::request).containsExactly("gone-1", "gone-2");
            assertThat(result.failures()).allSatisfy(f -> assertThat(f.error().orElseThrow())
                    .isInstanceOf(S3NotFoundException.class).hasMessageContaining(root + "/" + f.request()));

            BatchFailedException all = catchThrowableOfType(BatchFailedException.class,
                    () -> s3.getMany(keys, GetOptions.defaults()));
            assertThat(all.failedCount()).isEqualTo(2);
            assertThat(all.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(all.getMessage()).contains("2 of 4 requests failed").contains(root + "/gone-1");
        }
    }
}
