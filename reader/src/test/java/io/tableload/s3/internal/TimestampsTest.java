package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Test
    void httpDatesReadAsTheJdkReadsThem() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            Instant t = randomInstant(random).truncatedTo(ChronoUnit.SECONDS);
            String header = DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atZone(ZoneOffset.UTC));
            if (header.length() != 29) {
                continue; // a one-digit day: the JDK's own parser's case, checked below
            }
            assertThat(Timestamps.httpDate(header)).as(header).contains(t);
        }
    }

    @Test
    void listingInstantsReadAsTheJdkReadsThem() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            Instant t = randomInstant(random).truncatedTo(ChronoUnit.MILLIS);
            String text = ISO_MILLIS.format(t);
            assertThat(Timestamps.isoInstant(text)).as(text).contains(t);
        }
    }

    @Test
    void listingInstantsWithoutMillisecondsReadAsTheJdkReadsThem() {
        Random random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            Instant t = randomInstant(random).truncatedTo(ChronoUnit.SECONDS);
            assertThat(Timestamps.isoInstant(t.toString())).as(t.toString()).contains(t);
        }
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
