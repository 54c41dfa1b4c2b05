package io.tableload.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.SelfSignedKeyStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTPS endpoint with a self-signed certificate: refused by default, at once and with a
 * message that names the check and the opt-out; served byte for byte when the check is off.
 */
@Timeout(60)
class S3SessionTlsTest {
    @TempDir static Path keys;
    private static S3Server server;
    private S3Url root;
    private final byte[] data = new byte[300_000];

    @BeforeAll
    static void start() {
        server = S3Server.startTransientWithTls(SelfSignedKeyStore.create(keys));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void putOverPlainHttp() {
        root = S3Url.parse("s3://" + server.createUniqueBucket("tls") + "/t");
        new Random(7).nextBytes(data);
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.memory())) {
            s3.put("object.bin", data, PutOptions.defaults());
        }
    }

    private static S3Settings overHttps() {
        return Sessions.settings(server.secureEndpoint().orElseThrow());
    }

    @Test
    void certificatesAreVerifiedByDefault() {
        assertThat(S3Settings.defaults().verifyTls()).isTrue();
        assertThat(overHttps().verifyTls()).isTrue();
    }

    @Test
    void aSelfSignedCertificateIsRefusedAtOnceNamingTheCheckAndTheOptOut() {
        // Retried, this policy would sleep about 10 s on average: a quick failure means no retries.
        S3Settings settings = overHttps()
                .withRetry(new RetryPolicy(20, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(50)));

        long start = System.nanoTime();
        TableloadException e;
        try (S3Session s3 = S3Session.open(settings, root, Destination.memory())) {
            e = catchThrowableOfType(() -> s3.get("object.bin"), TableloadException.class);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(e.getMessage()).contains(root + "/object.bin").contains("TLS certificate verification")
                .contains("--no-verify-tls").contains("withTlsVerification(false)")
                .doesNotContain("retry budget");
        assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void withVerificationOffTheSameServerServesTheSameBytesBothWays() {
        S3Settings settings = overHttps().withTlsVerification(false);
        try (S3Session s3 = S3Session.open(settings, root, Destination.memory())) {
            assertThat(s3.get("object.bin").bytes()).isEqualTo(data);

            s3.put("copy.bin", data, PutOptions.defaults());
            assertThat(s3.get("copy.bin").bytes()).isEqualTo(data);
        }
    }
}
