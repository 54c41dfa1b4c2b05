package io.tableload.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@code s3://bucket/key} parsing on generated input. */
class S3UrlPropertiesTest {

    @Property(tries = 1000)
    void anyStringParsesOrFailsAsAUsageError(@ForAll("urlLike") String text) {
        S3Url url;
        try {
            url = S3Url.parse(text);
        } catch (TableloadException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
            return;
        }
        assertThat(url.toString()).isEqualTo(text.indexOf('/', 5) < 0 ? text + "/" : text);
        assertThat(S3Url.parse(url.toString())).isEqualTo(url);
    }

    @Property(tries = 1000)
    void bucketAndKeyComeBackExactlyAsGiven(@ForAll("buckets") String bucket, @ForAll("keys") String key) {
        S3Url url = S3Url.parse("s3://" + bucket + "/" + key);

        assertThat(url.bucket()).isEqualTo(bucket);
        assertThat(url.key()).isEqualTo(key);
        assertThat(url.toString()).isEqualTo("s3://" + bucket + "/" + key);
    }

    @Provide
    Arbitrary<String> urlLike() {
        Arbitrary<String> tail = Arbitraries.oneOf(
                Arbitraries.strings().withChars("ab-._/ %\\\0:").withCharRange('\u00e0', '\u00e5').ofMaxLength(30),
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.strings().withChars("ab/").ofMinLength(1000).ofMaxLength(1100));
        return Arbitraries.oneOf(tail.map(t -> "s3://" + t), tail.map(t -> "S3://" + t), tail);
    }

    @Provide
    Arbitrary<String> buckets() {
        Arbitrary<Character> edge = Arbitraries.chars().range('a', 'z').numeric();
        Arbitrary<String> middle = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars(".-").ofMinLength(1).ofMaxLength(20);
        return net.jqwik.api.Combinators.combine(edge, middle, edge).as((a, m, b) -> a + m + b);
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("ab/.. +%").withCharRange('\u4e00', '\u4e05').ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(30).map(k -> k.replace('\0', '_')));
    }
}
