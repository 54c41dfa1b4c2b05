package io.tableload.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@code [db.]table} parsing on generated input. */
class TableRefPropertiesTest {

    @Property(tries = 1000)
    void anyStringParsesToPlainAsciiNamesOrFailsAsAUsageError(@ForAll("nameLike") String text) {
        TableRef ref;
        try {
            ref = TableRef.parse(text);
        } catch (TableloadException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
            return;
        }
        assertThat(ref.database()).matches("[a-z0-9_]+");
        assertThat(ref.table()).matches("[a-z0-9_]+");
        // Nothing accepted was invented or folded from a look-alike (the Kelvin sign lower-cases to k):
        // the names are the text's own ASCII characters, lower-cased.
        assertThat(text.strip()).matches("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)?");
        assertThat(text.strip().toLowerCase(Locale.ROOT)).isIn(ref.toString(), ref.table());
    }

    @Property(tries = 1000)
    void aParsedReferencePrintsAndParsesBackToItself(@ForAll("names") String database, @ForAll("names") String table) {
        TableRef ref = TableRef.parse(database + "." + table);

        assertThat(TableRef.parse(ref.toString())).isEqualTo(ref);
        assertThat(ref).isEqualTo(new TableRef(database.toLowerCase(Locale.ROOT), table.toLowerCase(Locale.ROOT)));
    }

    @Property(tries = 300)
    void nullOrBlankIsAUsageError(@ForAll("blank") String text) {
        Throwable thrown = catchThrowable(() -> TableRef.parse(text));

        assertThat(thrown).isInstanceOf(TableloadException.class);
        assertThat(((TableloadException) thrown).code()).isEqualTo(ErrorCode.USAGE);
    }

    @Provide
    Arbitrary<String> nameLike() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("aZ_9.`\"' -").withCharRange('\u0100', '\u0131').withChars("\u212a\u017f")
                        .ofMaxLength(12),
                Arbitraries.strings().all().ofMaxLength(12));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').numeric().withChars('_')
                .ofMinLength(1).ofMaxLength(20);
    }

    @Provide
    Arbitrary<String> blank() {
        return Arbitraries.strings().withChars(" \t\n\r\u2003").ofMaxLength(5).injectNull(0.1);
    }
}
