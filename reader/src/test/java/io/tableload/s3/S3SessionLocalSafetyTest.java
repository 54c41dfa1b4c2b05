package io.tableload.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Local files: names taken from keys never write outside the destination, whatever the key or a
 * symbolic link planted in the destination; files are private; a session's directory goes away.
 */
@ExtendWith(S3ServerExtension.class)
class S3SessionLocalSafetyTest {
    @TempDir Path outer;
    private Path dest;
    private S3Server server;
    private S3Url root;

    @BeforeEach
    void setUp(S3Server server) throws IOException {
        this.server = server;
        this.root = S3Url.parse("s3://" + server.createUniqueBucket("local") + "/l");
        this.dest = Files.createDirectory(outer.resolve("dest"));
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.memory())) {
            s3.put("object.txt", "payload", PutOptions.defaults());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "../x", "a/../../x", "a/b/../../../x", "/etc/x", "//x", "..", ".", "a/..", "a\0b",
        "a\uFF0F..\uFF0F..\uFF0Fx", // full-width solidus: a plain character on Linux, not a separator
        "\u2024\u2024/x", "\u2025/x", "..\u2215x", // one-dot and two-dot leaders, division slash
        "a\\..\\..\\x"})
    void noKeyWritesOutsideTheDestination(String relative) throws IOException {
        try (S3Session s3 = S3Session.open(Sessions.settings(server), Destination.memory())) {
            try {
                BatchResult<S3Object> result = s3.download(
                        List.of(Download.of(root.resolve("object.txt"), relative)), dest, TransferListener.NONE);
                for (S3Object o : result.successes()) {
                    assertThat(o.localPath().orElseThrow().toRealPath()).startsWith(dest.toRealPath());
                }
            } catch (TableloadException refused) {
                assertThat(refused.code()).isEqualTo(ErrorCode.USAGE);
            }
        }
        assertThat(filesOutside()).isEmpty();
    }

    @Test
    void twoObjectsBoundForOneLocalFileAreRefusedBeforeAnyTransfer() throws IOException {
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.memory())) {
            s3.put("x/same.txt", "one", PutOptions.defaults());
            s3.put("y/same.txt", "two", PutOptions.defaults());
            List<Download> clash = List.of(Download.of(root.resolve("x/same.txt"), "same.txt"),
                    Download.of(root.resolve("y/same.txt"), "same.txt"));

            TableloadException refused = catchThrowableOfType(
                    () -> s3.download(clash, dest, TransferListener.NONE), TableloadException.class);
            BatchResult<S3Object> twice = s3.download(List.of(Download.of(root.resolve("x/same.txt"), "same.txt"),
                    Download.of(root.resolve("x/same.txt"), "same.txt")), dest, TransferListener.NONE);

            assertThat(refused.code()).isEqualTo(ErrorCode.USAGE);
            assertThat(refused).hasMessageContaining(root.resolve("x/same.txt") + " and " + root.resolve("y/same.txt"))
                    .hasMessageContaining("would both be written to " + dest.resolve("same.txt").toAbsolutePath());
            assertThat(twice.allSucceeded()).as("one object asked for twice is no clash").isTrue();
        }
        assertThat(dest.resolve("same.txt")).hasContent("one");
    }

    @Test
    void aVeryLongNameFailsClearlyAndWritesNothing() throws IOException {
        String relative = "d/" + "n".repeat(300);
        try (S3Session s3 = S3Session.open(Sessions.settings(server), Destination.memory())) {
            BatchResult<S3Object> result = s3.download(
                    List.of(Download.of(root.resolve("object.txt"), relative)), dest, TransferListener.NONE);
            assertThat(result.failures()).singleElement()
                    .satisfies(f -> assertThat(f.error().orElseThrow().getMessage()).containsIgnoringCase("file name too long"));
        }
        assertThat(filesOutside()).isEmpty();
        assertThat(regularFiles(dest)).isEmpty();
    }

    @Test
    void keysUnderARootCannotEscapeAChosenDirectory() throws IOException {
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.directory(dest))) {
            BatchResult<S3Object> result = s3.tryGetMany(List.of("../object.txt", "object.txt"), GetOptions.defaults());
            assertThat(result.items().get(0).error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
            assertThat(result.items().get(1).value()).hasValueSatisfying(o -> assertThat(o.text()).isEqualTo("payload"));
        }
        assertThat(filesOutside()).isEmpty();
    }

    @Test
    void aSymlinkPlantedInTheDestinationIsNotFollowedOutOfIt() throws IOException {
        Path elsewhere = Files.createDirectory(outer.resolve("elsewhere"));
        Files.createSymbolicLink(dest.resolve("link"), elsewhere);
        try (S3Session s3 = S3Session.open(Sessions.settings(server), Destination.memory())) {
            for (String relative : List.of("link/x.txt", "link/sub/x.txt")) {
                BatchResult<S3Object> result = s3.download(
                        List.of(Download.of(root.resolve("object.txt"), relative)), dest, TransferListener.NONE);
                assertThat(result.failures()).as(relative).singleElement().satisfies(f -> {
                    assertThat(f.error().orElseThrow().code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(f.error().orElseThrow().getMessage()).contains("symbolic link");
                });
            }
        }
        try (Stream<Path> everything = Files.walk(elsewhere)) {
            assertThat(everything).containsExactly(elsewhere);
        }
    }

    @Test
    void aSymlinkInPlaceOfTheFileIsReplacedNotWrittenThrough() throws IOException {
        Path victim = Files.writeString(outer.resolve("victim.txt"), "untouched");
        Files.createSymbolicLink(dest.resolve("file.txt"), victim);
        try (S3Session s3 = S3Session.open(Sessions.settings(server), Destination.memory())) {
            s3.download(List.of(Download.of(root.resolve("object.txt"), "file.txt")), dest, TransferListener.NONE).values();
        }
        assertThat(victim).hasContent("untouched");
        assertThat(dest.resolve("file.txt")).isRegularFile().hasContent("payload");
    }

    @Test
    void sessionFilesArePrivateAndTheirDirectoryGoesAwayOnClose() throws IOException {
        Path dir;
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.temporary())) {
            Path file = s3.get("object.txt").localPath().orElseThrow();
            dir = s3.directory().orElseThrow();
            assertThat(file).startsWith(dir);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            catchThrowableOfType(S3NotFoundException.class, () -> s3.get("missing"));
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void downloadedFilesAndTheDirectoriesMadeForThemArePrivate() throws IOException {
        try (S3Session s3 = S3Session.open(Sessions.settings(server), Destination.memory())) {
            s3.download(List.of(Download.of(root.resolve("object.txt"), "sub/file.txt")), dest, TransferListener.NONE).values();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("sub")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("sub/file.txt"))))
                .isEqualTo("rw-------");
    }

    /** Every file or directory under the test's temp dir that is neither {@code dest} nor under it. */
    private List<Path> filesOutside() throws IOException {
        try (Stream<Path> all = Files.walk(outer)) {
            return all.filter(p -> !p.equals(outer) && !p.startsWith(dest)).toList();
        }
    }

    private static List<Path> regularFiles(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }
}
