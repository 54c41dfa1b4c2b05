package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFailureTest {
    @TempDir Path tmp;

    @Test
    void permissionDeniedIsAccessDeniedInWords() {
        TableloadException e = LocalFailure.of("write", Path.of("/data/x.csv"), new AccessDeniedException("/data/x.csv"));

        assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(e).hasMessage("could not write /data/x.csv: permission denied; choose a destination this user can write to");
    }

    @Test
    void aReadOnlyFileSystemIsAccessDeniedToo() {
        var cause = new FileSystemException("/mnt/ro/x", null, "Read-only file system");

        TableloadException e = LocalFailure.of("write", Path.of("/mnt/ro/x"), cause);

        assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(e).hasMessageContaining("/mnt/ro/x: read-only file system;");
    }

    @Test
    void aFullFileSystemIsNoRoom() {
        var cause = new FileSystemException("/dev/shm/x", null, "No space left on device");

        assertThat(LocalFailure.of("write", Path.of("/dev/shm/x"), cause).code()).isEqualTo(ErrorCode.NO_ROOM);
        assertThat(LocalFailure.of("write", Path.of("/out.parquet"), "IO Error: Disk quota exceeded", null).code())
                .isEqualTo(ErrorCode.NO_ROOM);
    }

    @Test
    void aFileWhereADirectoryMustBeIsAUsageErrorNamingTheFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Path wanted = file.resolve("sub/out.csv");
        IOException cause = catchThrowableOfType(() -> Files.createDirectories(wanted.getParent()), IOException.class);

        TableloadException e = LocalFailure.of("write", wanted, cause);

        assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
        assertThat(e).hasMessageStartingWith("could not write " + wanted + ": " + file + ": not a directory;");
    }

    @Test
    void aDirectoryWhereAFileMustBeIsAUsageError() throws IOException {
        Path directory = Files.createDirectories(tmp.resolve("taken"));
        IOException cause = catchThrowableOfType(() -> Files.newOutputStream(directory).close(), IOException.class);

        TableloadException e = LocalFailure.of("write", directory, cause);

        assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
        assertThat(e).hasMessageContaining("is a directory; a directory stands where the file must be");
    }

    @Test
    void aNameTooLongForTheFileSystemIsAUsageError() throws IOException {
        Path wanted = tmp.resolve("n".repeat(300));
        IOException cause = catchThrowableOfType(() -> Files.createFile(wanted), IOException.class);

        TableloadException e = LocalFailure.of("write", wanted, cause);

        assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
        assertThat(e).hasMessageContaining("file name too long; the file system cannot hold a name that long");
    }

    @Test
    void aPartialFilesMadeUpNameIsNotShown() {
        Path target = Path.of("/data/part-0.parquet");
        var cause = new AccessDeniedException("/data/.part-0.parquet.part-123");

        assertThat(LocalFailure.of("write", target, cause)).message().doesNotContain(".part-123");
    }

    @Test
    void anUnknownCauseStaysInternalAndSaysWhatHappened() {
        TableloadException e = LocalFailure.of("create", Path.of("/proc/x"), new NoSuchFileException("/proc/x"));

        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(e).hasMessage("could not create /proc/x: no such file or directory");
    }
}
