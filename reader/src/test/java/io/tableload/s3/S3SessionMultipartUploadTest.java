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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects larger than a part go up as S3 multipart uploads, through a proxy that shows (and can
 * spoil) each request: parts side by side, each retried alone, the object whole or absent.
 */
@ExtendWith(S3ServerExtension.class)
class S3SessionMultipartUploadTest {
    private static final int PART = 5 * 1024 * 1024;
    /** Four whole parts and a short last one. */
    private static final int SIZE = 4 * PART + 12345;

    private S3Server server;
    private S3Url root;
    private FaultProxy proxy;
    private byte[] data;

    @TempDir
    Path local;

    @BeforeEach
    void start(S3Server server) {
        this.server = server;
        this.root = S3Url.parse("s3://" + server.createUniqueBucket("multipart") + "/up");
        this.proxy = FaultProxy.start(server.endpoint());
        this.data = new byte[SIZE];
        new Random(5).nextBytes(data);
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private S3Session session() {
        return S3Session.open(Sessions.settings(proxy.endpoint()).withPartSize(PART)
                .withRetry(new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofSeconds(30))),
                root, Destination.memory());
    }

    @Test
    void aFileLargerThanAPartGoesUpInPartsAndReadsBackByteForByteWithItsMetadata() throws Exception {
        Path file = local.resolve("model.bin");
        Files.write(file, data);
        try (S3Session s3 = session()) {
            PutResult put = s3.put("model.bin", file,
                    PutOptions.defaults().withContentType("application/x-model").withMetadata(Map.of("run", "42")));

            assertThat(put.written()).isTrue();
            assertThat(put.size()).isEqualTo(SIZE);
            assertThat(partUploads()).isEqualTo(5);
            S3Object got = s3.get("model.bin");
            assertThat(Digests.sha256(got.bytes())).isEqualTo(Digests.sha256(data));
            assertThat(got.contentType()).contains("application/x-model");
            assertThat(got.metadata()).containsEntry("run", "42");
        }
    }

    @Test
    void bytesLargerThanAPartGoUpInPartsToo() {
        try (S3Session s3 = session()) {
            s3.put("bytes.bin", data, PutOptions.defaults());

            assertThat(partUploads()).isEqualTo(5);
            assertThat(Digests.sha256(s3.get("bytes.bin").bytes())).isEqualTo(Digests.sha256(data));
        }
    }

    @Test
    void aPartThatFailsIsSentAgainAloneAndTheObjectIsWhole() throws Exception {
        Path file = local.resolve("model.bin");
        Files.write(file, data);
        proxy.inject(FaultRule.first(2, Fault.SLOW_DOWN).onlyMethod("PUT"));
        try (S3Session s3 = session()) {
            s3.put("model.bin", file, PutOptions.defaults());

            assertThat(partUploads()).isEqualTo(5 + 2);
            assertThat(Digests.sha256(s3.get("model.bin").bytes())).isEqualTo(Digests.sha256(data));
        }
    }

    @Test
    void aPartThatFailsForGoodAbortsTheUploadAndNoObjectAppears() throws Exception {
        Path file = local.resolve("model.bin");
        Files.write(file, data);
        proxy.inject(FaultRule.always(Fault.INTERNAL_ERROR).onlyMethod("PUT"));
        try (S3Session s3 = session()) {
            assertThatThrownBy(() -> s3.put("model.bin", file, PutOptions.defaults()))
                    .isInstanceOfSatisfying(TableloadException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE))
                    .hasMessageContaining(root + "/model.bin");

            proxy.clearRules();
            assertThat(proxy.seen()).anySatisfy(r -> {
                assertThat(r.method()).isEqualTo("DELETE");
                assertThat(r.target()).contains("uploadId=");
            });
            assertThat(s3.get("model.bin", GetOptions.returningMissing()).exists()).isFalse();
        }
    }

    @Test
    void overwriteFalseKeepsAnObjectThatIsThereAlready() throws Exception {
        Path file = local.resolve("model.bin");
        Files.write(file, data);
        try (S3Session s3 = session()) {
            s3.put("model.bin", "the first", PutOptions.defaults());

            PutResult second = s3.put("model.bin", file, PutOptions.defaults().withOverwrite(false));

            assertThat(second.written()).isFalse();
            assertThat(s3.get("model.bin").text()).isEqualTo("the first");
        }
    }

    /** The part uploads the proxy saw (each a PUT with a part number). */
    private long partUploads() {
        List<FaultProxy.Seen> seen = proxy.seen();
        return seen.stream().filter(r -> r.method().equals("PUT") && r.target().contains("partNumber=")).count();
    }
}
