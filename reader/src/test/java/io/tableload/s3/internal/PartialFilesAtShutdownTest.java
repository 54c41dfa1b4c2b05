package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partial file watched through {@link PrivateDirectories#watchPartialFile} is deleted when the
 * JVM is stopped by a signal (Ctrl-C, {@code kill}), and one forgotten after it was kept is not:
 * tested on a real JVM of its own, since shutdown hooks run only when a JVM ends.
 */
class PartialFilesAtShutdownTest {

    /** The JVM the test stops: writes a watched partial file and a kept one, says so, and waits. */
    public static void main(String[] args) throws Exception {
        Path partial = Path.of(args[0]);
        Path kept = Path.of(args[1]);
        PrivateDirectories.guarded(() -> {
            Files.writeString(partial, "half of it");
            PrivateDirectories.watchPartialFile(partial);
            Files.writeString(kept, "all of it");
            PrivateDirectories.watchPartialFile(kept);
        });
        PrivateDirectories.forgetPartialFile(kept); // as after its rename into place
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(2));
    }

    @Test
    void aSignalDeletesTheWatchedPartialFileAndLeavesTheForgottenOne(@TempDir Path dir) throws Exception {
        Path partial = dir.resolve(".out.parquet.tableload-partial");
        Path kept = dir.resolve("done.parquet");
        Process jvm = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), getClass().getName(), partial.toString(), kept.toString()))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("ready");
            assertThat(partial).exists();

            jvm.destroy(); // SIGTERM

            assertThat(jvm.waitFor(20, TimeUnit.SECONDS)).as("exits within 20 s").isTrue();
        } finally {
            jvm.destroyForcibly();
        }
        assertThat(partial).doesNotExist();
        assertThat(kept).hasContent("all of it");
    }
}
