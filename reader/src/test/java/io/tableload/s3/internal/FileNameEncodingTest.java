package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.TableloadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM in the C/POSIX locale names files in ASCII: a local name with any other character cannot
 * be made there, and the error says why and what to do rather than "Malformed input".
 */
class FileNameEncodingTest {
    /** In a JVM of its own: resolves a non-ASCII name inside {@code args[0]}, printing the path or the error. */
    public static void main(String[] args) {
        try {
            System.out.println("path " + LocalFiles.resolveInside(Path.of(args[0]), "caf\u00e9/\u00fcn\u00ef.txt"));
        } catch (TableloadException e) {
            System.out.println(e.code() + " " + e.getMessage());
        }
    }

    private static String runInLocale(Path dir, String locale) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FileNameEncodingTest.class.getName(), dir.toString()))
                .redirectErrorStream(true);
        builder.environment().put("LC_ALL", locale);
        Process jvm = builder.start();
        try (InputStream out = jvm.getInputStream()) {
            String printed = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return printed;
        }
    }

    @Test
    void inTheCLocaleANonAsciiNameIsAUsageErrorSayingToUseAUtf8Locale(@TempDir Path dir) throws Exception {
        String printed = runInLocale(dir, "C");

        assertThat(printed).startsWith("USAGE ").contains("cannot put in a file name")
                .contains("run it in a UTF-8 locale, for example with LC_ALL=C.UTF-8");
    }

    @Test
    void inAUtf8LocaleTheSameNameResolvesInsideTheDirectory(@TempDir Path dir) throws Exception {
        String printed = runInLocale(dir, "C.UTF-8");

        assertThat(printed.strip()).isEqualTo("path " + dir.toAbsolutePath().normalize().resolve("caf\u00e9/\u00fcn\u00ef.txt"));
    }
}
