package io.tableload.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(S3ServerExtension.class)
class S3SessionGetPutTest {
    private S3Server server;
    private S3Url root;

    @BeforeEach
    void bucket(S3Server server) {
        this.server = server;
        this.root = S3Url.parse("s3://" + server.createUniqueBucket("getput") + "/data");
    }

    @Test
    void putThenGetReturnsTheSameBytesAndMetadata() {
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.temporary())) {
            PutResult put = s3.put("a/hello.txt", "hello world",
                    PutOptions.defaults().withContentType("text/plain").withMetadata(Map.of("owner", "team-a")));
            assertThat(put.written()).isTrue();
            assertThat(put.url()).hasToString(root + "/a/hello.txt");

            S3Object got = s3.get("a/hello.txt");
            assertThat(got.exists()).isTrue();
            assertThat(got.downloaded()).isTrue();
            assertThat(got.text()).isEqualTo("hello world");
            assertThat(got.size()).isEqualTo(11);
            assertThat(got.key()).isEqualTo("a/hello.txt");
            assertThat(got.url()).isEqualTo(root.resolve("a/hello.txt"));
            assertThat(got.contentType()).contains("text/plain");
            assertThat(got.metadata()).containsEntry("owner", "team-a");
            assertThat(got.etag()).isPresent().isEqualTo(put.etag());
            assertThat(got.lastModified()).isPresent();
            assertThat(got.range()).isEmpty();
            assertThat(got.localPath()).isPresent();
            assertThat(got.localPath().get()).startsWith(s3.directory().orElseThrow());
        }
    }

    @Test
    void putFromFileAndBytesAndGetManyKeepRequestOrder(@TempDir Path local) throws Exception {
        Path file = local.resolve("f.bin");
        Files.write(file, new byte[] {1, 2, 3});
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.temporary())) {
            s3.put("z", file, PutOptions.defaults());
            s3.put("m", new byte[] {9}, PutOptions.defaults());
            s3.put("a", "text", PutOptions.defaults());
            List<S3Object> got = s3.getMany(List.of("z", "m", "a", "z"), GetOptions.defaults());
            assertThat(got).extracting(S3Object::key).containsExactly("z", "m", "a", "z");
            assertThat(got.get(0).bytes()).containsExactly(1, 2, 3);
            assertThat(got.get(1).bytes()).containsExactly(9);
            assertThat(got.get(2).text()).isEqualTo("text");
            assertThat(got.get(3).bytes()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void missingKeyIsATypedNotFoundNamingTheUrl() {
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.temporary())) {
            assertThatThrownBy(() -> s3.get("nope"))
                    .isInstanceOf(S3NotFoundException.class)
                    .hasMessageContaining(root + "/nope")
                    .satisfies(e -> assertThat(((S3NotFoundException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    @Test
    void missingKeyWithReturnMissingIsAResultThatDoesNotExist() {
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.temporary())) {
            s3.put("here", "x", PutOptions.defaults());
            List<S3Object> got = s3.getMany(List.of("here", "gone"), GetOptions.returningMissing());
            assertThat(got.get(0).exists()).isTrue();
            assertThat(got.get(1).exists()).isFalse();
            assertThat(got.get(1).downloaded()).isFalse();
            assertThat(got.get(1).url()).isEqualTo(root.resolve("gone"));
            S3Object info = s3.info("gone", GetOptions.returningMissing());
            assertThat(info.exists()).isFalse();
        }
    }

    @Test
    void partialFailureIsReportedAsDataInRequestOrder() {
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.temporary())) {
            s3.put("one", "1", PutOptions.defaults());
            s3.put("three", "3", PutOptions.defaults());
            BatchResult<S3Object> result = s3.tryGetMany(List.of("one", "two", "three"), GetOptions.defaults());
            assertThat(result.allSucceeded()).isFalse();
            assertThat(result.items()).extracting(BatchResult.Item::request).containsExactly("one", "two", "three");
            assertThat(result.successes()).extracting(S3Object::text).containsExactly("1", "3");
            assertThat(result.failures()).singleElement().satisfies(item -> {
                assertThat(item.request()).isEqualTo("two");
                assertThat(item.error().orElseThrow().code()).isEqualTo(ErrorCode.NOT_FOUND);
            });
            assertThatThrownBy(result::values).isInstanceOf(S3NotFoundException.class);
            assertThatThrownBy(() -> s3.getMany(List.of("one", "two"), GetOptions.defaults()))
                    .isInstanceOf(S3NotFoundException.class);
        }
    }

    @Test
    void infoReadsMetadataWithoutDownloading() {
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.temporary())) {
            s3.put("i", "12345", PutOptions.defaults().withContentType("application/x-test").withMetadata(Map.of("k", "v")));
            List<S3Object> infos = s3.infoMany(List.of("i", "i"), GetOptions.defaults());
            assertThat(infos).allSatisfy(info -> {
                assertThat(info.exists()).isTrue();
                assertThat(info.downloaded()).isFalse();
                assertThat(info.size()).isEqualTo(5);
                assertThat(info.contentType()).contains("application/x-test");
                assertThat(info.metadata()).containsEntry("k", "v");
                assertThat(info.localPath()).isEmpty();
            });
            assertThatThrownBy(() -> s3.info("missing", GetOptions.defaults())).isInstanceOf(S3NotFoundException.class);
        }
    }

    @Test
    void conditionalPutDoesNotOverwriteAnExistingObject() {
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.temporary())) {
            PutOptions noOverwrite = PutOptions.defaults().withOverwrite(false);
            assertThat(s3.put("once", "first", noOverwrite).written()).isTrue();
            PutResult second = s3.put("once", "second", noOverwrite);
            assertThat(second.written()).isFalse();
            assertThat(s3.get("once").text()).isEqualTo("first");
            assertThat(s3.put("once", "third", PutOptions.defaults()).written()).isTrue();
            assertThat(s3.get("once").text()).isEqualTo("third");
        }
    }

    @Test
    void rangesReturnTheAskedBytesAndTheirPlace() {
        byte[] data = "0123456789".getBytes(UTF_8);
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.memory())) {
            s3.put("r", data, PutOptions.defaults());
            S3Object middle = s3.get("r", ByteRange.of(2, 3));
            assertThat(middle.text()).isEqualTo("234");
            assertThat(middle.range()).contains(new RangeInfo(10, 2, 3));
            S3Object tail = s3.get("r", ByteRange.last(4));
            assertThat(tail.text()).isEqualTo("6789");
            assertThat(tail.range()).contains(new RangeInfo(10, 6, 4));
            S3Object pastEnd = s3.get("r", ByteRange.of(8, 100));
            assertThat(pastEnd.text()).isEqualTo("89");
            assertThatThrownBy(() -> s3.get("r", ByteRange.of(50, 2)))
                    .isInstanceOf(TableloadException.class)
                    .satisfies(e -> assertThat(((TableloadException) e).code()).isEqualTo(ErrorCode.USAGE));
        }
    }

    @Test
    void emptyObjectsDownloadAsEmptyFiles() {
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.temporary())) {
            s3.put("empty", new byte[0], PutOptions.defaults());
            S3Object got = s3.get("empty");
            assertThat(got.size()).isZero();
            assertThat(got.bytes()).isEmpty();
            assertThat(got.localPath()).isPresent();
        }
    }

    @Test
    void memorySessionsWriteNoFiles() {
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.memory())) {
            s3.put("m", "in memory", PutOptions.defaults());
            S3Object got = s3.get("m");
            assertThat(got.localPath()).isEmpty();
            assertThat(got.text()).isEqualTo("in memory");
            assertThat(s3.directory()).isEmpty();
        }
    }

    @Test
    void aKeyThatNamesNoObjectIsAUsageErrorForEveryObjectCall() {
        try (S3Session withRoot = S3Session.open(Sessions.settings(server), root, Destination.memory());
                S3Session without = S3Session.open(Sessions.settings(server), Destination.memory())) {
            String bucketOnly = "s3://" + root.bucket() + "/";
            List<ThrowingCallable> calls = List.of(
                    () -> withRoot.get(""),
                    () -> withRoot.get("", ByteRange.of(0, 1)),
                    () -> withRoot.info("", GetOptions.defaults()),
                    () -> withRoot.put("", "x", PutOptions.defaults()),
                    () -> without.get(bucketOnly),
                    () -> without.put(bucketOnly, "x", PutOptions.defaults()));

            for (ThrowingCallable call : calls) {
                assertThatThrownBy(call).isInstanceOf(TableloadException.class).hasMessageContaining("names no object")
                        .satisfies(e -> assertThat(((TableloadException) e).code()).isEqualTo(ErrorCode.USAGE));
            }
            assertThat(withRoot.listRecursive(List.of(""))).as("nothing written at the root's own name")
                    .extracting(ListEntry::key).doesNotContain("");
        }
    }

    @Test
    void uploadingAMissingFileOrADirectorySaysWhich(@TempDir Path local) {
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.memory())) {
            TableloadException missing = catchThrowableOfType(TableloadException.class,
                    () -> s3.put("m", local.resolve("absent.bin"), PutOptions.defaults()));
            TableloadException directory = catchThrowableOfType(TableloadException.class,
                    () -> s3.put("d", local, PutOptions.defaults()));

            assertThat(missing.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(missing).hasMessageEndingWith("no such file");
            assertThat(directory.code()).isEqualTo(ErrorCode.USAGE);
            assertThat(directory).hasMessageContaining("it is a directory").hasMessageContaining("putFiles");
        }
    }

    @Test
    void uploadingTheFilesOfAMissingDirectoryOrOfAFileSaysWhich(@TempDir Path local) throws IOException {
        Path file = Files.writeString(local.resolve("file.txt"), "x");
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.memory())) {
            TableloadException missing = catchThrowableOfType(TableloadException.class,
                    () -> s3.putFiles(local.resolve("absent"), "p/", PutOptions.defaults()));
            TableloadException notADirectory = catchThrowableOfType(TableloadException.class,
                    () -> s3.putFiles(file, "p/", PutOptions.defaults()));

            assertThat(missing.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(notADirectory.code()).isEqualTo(ErrorCode.USAGE);
            assertThat(notADirectory).hasMessageContaining(file + " is not a directory");
        }
    }

    @Test
    void metadataAHeaderCannotCarryIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> PutOptions.defaults().withMetadata(Map.of("bad key", "v")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad key'");
        assertThatThrownBy(() -> PutOptions.defaults().withMetadata(Map.of("k", "line\r\nx-amz-acl: public-read")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line break");
        assertThat(PutOptions.defaults().withMetadata(Map.of("model-version_2.1", "a b\tc")).metadata())
                .containsEntry("model-version_2.1", "a b\tc");
    }

    @Test
    void absoluteUrlsAreRefusedUnderARootAndBareKeysWithout() {
        try (S3Session withRoot = S3Session.open(Sessions.settings(server), root, Destination.memory());
                S3Session without = S3Session.open(Sessions.settings(server), Destination.memory())) {
            assertThatThrownBy(() -> withRoot.get(root + "/x"))
                    .isInstanceOf(TableloadException.class)
                    .hasMessageContaining("relative")
                    .satisfies(e -> assertThat(((TableloadException) e).code()).isEqualTo(ErrorCode.USAGE));
            assertThatThrownBy(() -> without.get("x"))
                    .isInstanceOf(TableloadException.class)
                    .hasMessageContaining("s3://")
                    .satisfies(e -> assertThat(((TableloadException) e).code()).isEqualTo(ErrorCode.USAGE));
            withRoot.put("abs", "by url", PutOptions.defaults());
            assertThat(without.get(root + "/abs").text()).isEqualTo("by url");
        }
    }
}
