package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Test
    void httpDatesReadAsTheJdkReadsThem() {
        // Two-digit days only: a one-digit day is the JDK parser's case, checked below.
        assertReadLikeTheJdk(42, ChronoUnit.SECONDS, t -> DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atZone(ZoneOffset.UTC)),
                text -> text.length() == 29, Timestamps::httpDate);
    }

    @Test
    void listingInstantsReadAsTheJdkReadsThem() {
        assertReadLikeTheJdk(7, ChronoUnit.MILLIS, ISO_MILLIS::format, text -> true, Timestamps::isoInstant);
    }

    @Test
    void listingInstantsWithoutMillisecondsReadAsTheJdkReadsThem() {
        assertReadLikeTheJdk(11, ChronoUnit.SECONDS, Instant::toString, text -> true, Timestamps::isoInstant);
    }

    /** Random instants, written by the JDK and read back by {@code parser}, come back the same. */
    private static void assertReadLikeTheJdk(long seed, ChronoUnit precision, Function<Instant, String> format,
            Predicate<String> applies, Function<String, Optional<Instant>> parser) {
        Random random = new Random(seed);
        int checked = 0;
        for (int i = 0; i < 2_000; i++) {
            Instant t = randomInstant(random).truncatedTo(precision);
            String text = format.apply(t);
            if (applies.test(text)) {
                assertThat(parser.apply(text)).as(text).contains(t);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(1_000);
    }

    @Test
    void formsOtherThanS3sGoToTheJdksParsers() {
        assertThat(Timestamps.httpDate("Tue, 2 Jan 2024 03:04:05 GMT")).contains(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(Timestamps.httpDate("Tue, 02 Jan 2024 03:04:05 +0100")).contains(Instant.parse("2024-01-02T02:04:05Z"));
        assertThat(Timestamps.isoInstant("2024-01-02T03:04:05.5Z")).contains(Instant.parse("2024-01-02T03:04:05.5Z"));
        assertThat(Timestamps.isoInstant(" 2024-01-02T03:04:05.123456Z ")).contains(Instant.parse("2024-01-02T03:04:05.123456Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Tue, 02 Jan 2024 25:04:05 GMT", "Tue, 30 Feb 2024 03:04:05 GMT", "Tue, 02 Foo 2024 03:04:05 GMT",
        "Tue, 02 Jan 2O24 03:04:05 GMT", "yesterday", ""})
    void unreadableHttpDatesAreEmpty(String header) {
        assertThat(Timestamps.httpDate(header)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-13-02T03:04:05.000Z", "2024-02-30T03:04:05.000Z", "2024-01-02T03:04:05.0x0Z",
        "2024-01-02T24:04:05Z", "2024-01-02 03:04:05", ""})
    void unreadableListingInstantsAreEmpty(String text) {
        assertThat(Timestamps.isoInstant(text)).isEmpty();
    }

    @Test
    void anAbsentHeaderIsEmpty() {
        assertThat(Timestamps.httpDate(null)).isEmpty();
    }

    private static Instant randomInstant(Random random) {
        long from = ZonedDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toEpochSecond();
        long to = ZonedDateTime.of(2200, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toEpochSecond();
        return Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)), random.nextInt(1_000_000_000));
    }
}
