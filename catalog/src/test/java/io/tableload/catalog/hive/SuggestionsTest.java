package io.tableload.catalog.hive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void suggestsNamesWithinAFewEditsClosestFirst() {
        assertThat(Suggestions.similar("evnets", List.of("events", "event_log", "users", "evens")))
                .containsExactly("evens", "events");
    }

    @Test
    void suggestsNamesContainingTheWantedOne() {
        assertThat(Suggestions.similar("orders", List.of("orders_2024", "customers"))).containsExactly("orders_2024");
    }

    @Test
    void suggestsNothingWhenNothingIsClose() {
        assertThat(Suggestions.similar("events", List.of("users", "payments"))).isEmpty();
    }

    @Test
    void distanceIsLevenshtein() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    }
}
