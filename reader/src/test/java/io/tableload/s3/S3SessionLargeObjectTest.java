package io.tableload.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(S3ServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3SessionLargeObjectTest {
    private static final int SIZE = 100 * 1024 * 1024;
    private S3Server server;
    private S3Url root;
    private byte[] data;

    @BeforeAll
    void upload(S3Server server) {
        this.server = server;
        this.root = S3Url.parse("s3://" + server.createUniqueBucket("large") + "/big");
        data = new byte[SIZE];
        new Random(7).nextBytes(data);
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.memory())) {
            s3.put("object.bin", data, PutOptions.defaults());
        }
    }

    @Test
    void aLargeObjectOfUnknownSizeIsFetchedInRangedPartsIdenticalByteForByte() throws Exception {
        // 4 MiB parts: 25 ranged requests, the first of which learns the size.
        try (S3Session s3 = S3Session.open(Sessions.settings(server).withPartSize(4 * S3Settings.MIB), root,
                Destination.temporary())) {
            S3Object got = s3.get("object.bin");
            assertThat(got.size()).isEqualTo(SIZE);
            assertThat(Files.size(got.localPath().orElseThrow())).isEqualTo(SIZE);
            assertThat(Files.mismatch(got.localPath().get(), writeExpected())).isEqualTo(-1);
        }
    }

    @Test
    void aLargeObjectOfKnownSizeDownloadsInPartsReportingProgress(@TempDir Path dest) throws Exception {
        AtomicLong bytes = new AtomicLong();
        AtomicLong objects = new AtomicLong();
        TransferListener listener = new TransferListener() {
            @Override
            public void bytesTransferred(long n) {
                bytes.addAndGet(n);
            }

            @Override
            public void objectDone(S3Url url, boolean success) {
                objects.incrementAndGet();
            }
        };
        try (S3Session s3 = S3Session.open(Sessions.settings(server).withPartSize(8 * S3Settings.MIB),
                Destination.memory())) {
            BatchResult<S3Object> result = s3.download(
                    List.of(Download.of(root.resolve("object.bin"), "out/object.bin", SIZE)), dest, listener);
            assertThat(result.allSucceeded()).isTrue();
            Path file = dest.resolve("out/object.bin");
            assertThat(result.values().get(0).localPath()).contains(file);
            assertThat(Files.mismatch(file, writeExpected())).isEqualTo(-1);
            assertThat(bytes.get()).isEqualTo(SIZE);
            assertThat(objects.get()).isEqualTo(1);
            try (var listing = Files.list(dest.resolve("out"))) {
                assertThat(listing).containsExactly(file); // no partial files left behind
            }
        }
    }

    @Test
    void aLargeRangeIsSplitAndReturnsExactlyThoseBytes() {
        try (S3Session s3 = S3Session.open(Sessions.settings(server).withPartSize(S3Settings.MIB), root,
                Destination.memory())) {
            long offset = 3 * 1024 * 1024 + 17;
            int length = 5 * 1024 * 1024 + 3;
            S3Object got = s3.get("object.bin", ByteRange.of(offset, length));
            assertThat(got.range()).contains(new RangeInfo(SIZE, offset, length));
            byte[] expected = java.util.Arrays.copyOfRange(data, (int) offset, (int) offset + length);
            assertThat(got.bytes()).isEqualTo(expected);
        }
    }

    private Path expected;

    private Path writeExpected() throws Exception {
        if (expected == null) {
            expected = Files.createTempFile("expected", ".bin");
            expected.toFile().deleteOnExit();
            Files.write(expected, data);
        }
        return expected;
    }
}
