package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.TableloadException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkFileTest {
    @TempDir
    Path root;

    private final CheckedDirectories directories = new CheckedDirectories();

    private Path write(Path within, Path target, String text) {
        Sink.File sink = new Sink.File(within, target, directories);
        sink.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
        return sink.commit().file().orElseThrow();
    }

    @Test
    void aDirectoryRemovedAfterItWasCheckedIsMadeAgain() throws Exception {
        Path within = Files.createDirectory(root.resolve("dest"));
        write(within, within.resolve("a/b/one"), "1");
        LocalFiles.deleteRecursively(within.resolve("a"));

        Path second = write(within, within.resolve("a/b/two"), "2");

        assertThat(second).hasContent("2");
    }

    @Test
    void aLinkOutOfTheDestinationIsRefusedBesideADirectoryCheckedBefore() throws Exception {
        Path within = Files.createDirectory(root.resolve("dest"));
        Path outside = Files.createDirectory(root.resolve("outside"));
        write(within, within.resolve("a/one"), "1");
        Files.createSymbolicLink(within.resolve("a/link"), outside);

        assertThatThrownBy(() -> write(within, within.resolve("a/link/two"), "2"))
                .isInstanceOf(TableloadException.class).hasMessageContaining("symbolic link");
        assertThat(outside).isEmptyDirectory();
    }
}
