package io.tableload.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.sandbox.s3.FaultProxy;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Uploads ask for the server-side encryption they are given, single PUTs and multipart uploads
 * alike, as buckets that refuse unencrypted uploads require; the objects read back the same.
 */
@ExtendWith(S3ServerExtension.class)
class S3SessionEncryptionTest {
    private static final String SSE = "x-amz-server-side-encryption";
    private static final String KMS_KEY = "x-amz-server-side-encryption-aws-kms-key-id";

    private S3Server server;
    private FaultProxy proxy;
    private S3Url root;

    @BeforeEach
    void startProxy(S3Server server) {
        this.server = server;
        this.proxy = FaultProxy.start(server.endpoint());
        this.root = S3Url.parse("s3://" + server.createUniqueBucket("sse") + "/set");
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    @Test
    void aPutAsksForTheEncryptionItsOptionsName() {
        try (S3Session s3 = S3Session.open(Sessions.settings(proxy.endpoint()), root, Destination.memory())) {
            s3.put("kms.txt", "secret rows", PutOptions.defaults().withEncryption(ServerSideEncryption.kms("alias/lake")));
            s3.put("s3.txt", "other rows", PutOptions.defaults().withEncryption(ServerSideEncryption.s3Managed()));
            s3.put("plain.txt", "plain rows", PutOptions.defaults());

            assertThat(s3.get("kms.txt").text()).isEqualTo("secret rows");
            assertThat(s3.get("s3.txt").text()).isEqualTo("other rows");
        }

        assertThat(put("kms.txt").header(SSE)).contains("aws:kms");
        assertThat(put("kms.txt").header(KMS_KEY)).contains("alias/lake");
        assertThat(put("s3.txt").header(SSE)).contains("AES256");
        assertThat(put("s3.txt").header(KMS_KEY)).isEmpty();
        assertThat(put("plain.txt").header(SSE)).isEmpty();
    }

    @Test
    void aMultipartUploadAsksForItWhenItStarts() {
        byte[] data = new byte[12 * 1024 * 1024];
        new Random(3).nextBytes(data);
        S3Settings smallParts = Sessions.settings(proxy.endpoint()).withPartSize(5 * 1024 * 1024);
        try (S3Session s3 = S3Session.open(smallParts, root, Destination.memory())) {
            s3.put("big.bin", data, PutOptions.defaults().withEncryption(ServerSideEncryption.kms("alias/lake")));

            assertThat(s3.get("big.bin").bytes()).isEqualTo(data);
        }

        FaultProxy.Seen start = proxy.seen().stream()
                .filter(r -> r.method().equals("POST") && r.target().contains("big.bin?uploads")).findFirst().orElseThrow();
        assertThat(start.header(SSE)).contains("aws:kms");
        assertThat(start.header(KMS_KEY)).contains("alias/lake");
        assertThat(proxy.seen()).filteredOn(r -> r.method().equals("PUT") && r.target().contains("partNumber="))
                .hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void encryptionS3DoesNotHaveIsRefusedNamingWhatItHas() {
        assertThat(ServerSideEncryption.parse("aes256", Optional.empty())).isEqualTo(ServerSideEncryption.s3Managed());
        assertThat(ServerSideEncryption.parse(" AWS:KMS ", Optional.of("k1"))).isEqualTo(ServerSideEncryption.kms("k1"));
        assertThatThrownBy(() -> ServerSideEncryption.parse("rot13", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("server-side encryption must be AES256, aws:kms or aws:kms:dsse, was 'rot13'");
        assertThatThrownBy(() -> ServerSideEncryption.parse("AES256", Optional.of("k1")))
                .hasMessage("a KMS key goes with aws:kms or aws:kms:dsse encryption, not AES256");
    }

    private FaultProxy.Seen put(String key) {
        return proxy.seen().stream().filter(r -> r.method().equals("PUT") && r.path().endsWith("/" + key))
                .findFirst().orElseThrow();
    }
}
