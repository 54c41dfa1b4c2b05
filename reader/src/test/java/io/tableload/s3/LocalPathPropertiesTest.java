package io.tableload.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.internal.LocalFiles;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Key-to-local-path mapping on generated keys ({@code ..}, absolute, NUL, very long, Unicode,
 * backslashes): the path is strictly inside the destination, or the key is refused as a usage
 * error. Symbolic links planted in the destination are {@code S3SessionLocalSafetyTest}'s part.
 */
class LocalPathPropertiesTest {
    private static final Path DEST = Path.of("/tmp/tableload-dest/table");

    @Property(tries = 1000)
    void aKeyMapsStrictlyInsideTheDestinationOrIsRefused(@ForAll("keys") String key) {
        Path local;
        try {
            local = LocalFiles.resolveInside(DEST, key);
        } catch (TableloadException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
            assertThat(e.getMessage()).doesNotContain("\0");
            return;
        }
        assertThat(local.isAbsolute()).isTrue();
        assertThat(local.normalize()).isEqualTo(local);
        assertThat(local.startsWith(DEST)).as(local.toString()).isTrue();
        assertThat(local).isNotEqualTo(DEST);
        assertThat(local.toString()).doesNotContain("\0");
    }

    @Provide
    Arbitrary<String> keys() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.of("..", ".", "", "...", "~", "\\..", "..\\..", "\0", "/", "C:", "%2e%2e", "\u2024\u2024"),
                Arbitraries.strings().withChars("ab.\\/ ").withCharRange('\u0400', '\u0405').ofMaxLength(6),
                Arbitraries.strings().all().ofMaxLength(6),
                Arbitraries.strings().withChars("x").ofMinLength(250).ofMaxLength(300));
        Arbitrary<String> path = segment.list().ofMaxSize(8).map(parts -> String.join("/", parts));
        return Arbitraries.oneOf(path, path.map(p -> "/" + p), path.map(p -> "\\" + p), path.map(p -> p + "/"));
    }
}
