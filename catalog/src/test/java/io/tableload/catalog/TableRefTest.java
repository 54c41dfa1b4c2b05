package io.tableload.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableRefTest {

    @Test
    void unqualifiedNameIsInTheDefaultDatabase() {
        assertThat(TableRef.parse("events")).isEqualTo(new TableRef("default", "events"));
    }

    @Test
    void qualifiedNameSplitsAtTheDot() {
        assertThat(TableRef.parse("sales.events_2024")).isEqualTo(new TableRef("sales", "events_2024"));
    }

    @Test
    void namesAreLowerCasedAsHiveDoes() {
        TableRef ref = TableRef.parse(" Sales.Events ");
        assertThat(ref.database()).isEqualTo("sales");
        assertThat(ref.table()).isEqualTo("events");
        assertThat(ref).hasToString("sales.events");
    }

    @ParameterizedTest
    @ValueSource(strings = {"`sales`.events", "\"events\"", "'events'", "sales.ev-ents", "a.b.c", ".events", "sales.",
        "sales events", "", "  ", "ev;ents"})
    void oddNamesAreRejectedAsUsageErrorsNamingTheInput(String text) {
        assertThatThrownBy(() -> TableRef.parse(text))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("TABLE");
    }

    @Test
    void nullIsRejectedAsUsage() {
        assertThatThrownBy(() -> TableRef.parse(null))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
    }
}
