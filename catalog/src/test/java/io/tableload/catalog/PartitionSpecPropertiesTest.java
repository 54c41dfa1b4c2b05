package io.tableload.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The partition SPEC parser on generated input: a usage error or a result, never anything else. */
class PartitionSpecPropertiesTest {

    @Property(tries = 1000)
    void anyStringParsesOrFailsAsAUsageError(@ForAll("specLike") String spec) {
        Throwable thrown = catchThrowable(() -> PartitionFilter.parse(spec));

        if (thrown != null) {
            assertThat(thrown).isInstanceOf(TableloadException.class);
            assertThat(((TableloadException) thrown).code()).isEqualTo(ErrorCode.USAGE);
        }
    }

    @Property(tries = 1000)
    void renderedPredicatesParseBackToTheSamePredicates(@ForAll("conjunctions") List<Predicate> predicates) {
        String spec = String.join(",", predicates.stream().map(Predicate::toString).toList());

        assertThat(SpecParser.parse(spec)).as(spec).isEqualTo(predicates);
    }

    /** Arbitrary text, weighted towards the characters the grammar gives meaning to. */
    @Provide
    Arbitrary<String> specLike() {
        Arbitrary<String> grammar = Arbitraries.strings().withChars("ab_=!<>,'() \t\n").withChars("in").withChars("is nul")
                .ofMaxLength(40);
        return Arbitraries.oneOf(grammar, Arbitraries.strings().ofMaxLength(60), Arbitraries.strings().all().ofMaxLength(20));
    }

    @Provide
    Arbitrary<List<Predicate>> conjunctions() {
        return predicates().list().ofMinSize(1).ofMaxSize(4);
    }

    Arbitrary<Predicate> predicates() {
        Arbitrary<String> key = Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(8)
                .filter(k -> !k.startsWith("_") || k.length() > 1);
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().withChars("aZ09-:/., '()=<>!\"%").ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(8))
                .filter(v -> !v.isBlank());
        Arbitrary<Predicate.Op> op = Arbitraries.of(Predicate.Op.class);
        return Combinators.combine(key, op, value.list().ofMinSize(1).ofMaxSize(3)).as((k, o, vs) -> switch (o) {
            case IS_NULL, IS_NOT_NULL, IS_LATEST -> new Predicate(k, o, List.of());
            case IN -> new Predicate(k, o, vs);
            default -> new Predicate(k, o, vs.subList(0, 1));
        });
    }
}
