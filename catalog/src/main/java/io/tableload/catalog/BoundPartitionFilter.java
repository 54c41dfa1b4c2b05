package io.tableload.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A {@link PartitionFilter} typed against one table's partition keys. It evaluates exactly, here,
 * on a partition's values ({@link #matches}), and can render a metastore filter expression that
 * selects at least the matching partitions ({@link #metastoreFilter}), so the metastore prunes and
 * {@link #matches} settles the rest. Immutable.
 *
 * <p>Semantics: a NULL partition value satisfies only {@code is null}; every comparison with it is
 * false, as in SQL. A stored value that is not of its key's type satisfies only
 * {@code is not null}.
 */
public final class BoundPartitionFilter {
    // What may be put into a metastore filter literal at all: nothing that could end or escape it.
    private static final Pattern SAFE_LITERAL = Pattern.compile("[^'\"\\\\\\p{Cntrl}]+");
    // String ranges and != go to the metastore only for values made of digits and - : . , whose
    // order is the same in every database collation (a case-insensitive collation would otherwise
    // drop partitions a Java comparison keeps).
    private static final Pattern COLLATION_NEUTRAL = Pattern.compile("[0-9.:-]+");
    private static final Pattern KEY_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    /** One typed predicate. */
    record Condition(int keyIndex, String key, KeyType type, Predicate.Op op, List<String> raw, List<Comparable<?>> values) {
        Condition {
            raw = List.copyOf(raw);
            values = List.copyOf(values);
        }

        boolean test(String stored) {
            switch (op) {
                case IS_NULL:
                    return stored == null;
                case IS_NOT_NULL:
                    return stored != null;
                default:
                    break;
            }
            if (stored == null) {
                return false;
            }
            Comparable<?> v = type.parse(stored);
            if (v == null) {
                return false;
            }
            return switch (op) {
                case EQ -> KeyType.compare(v, values.get(0)) == 0;
                case NE -> KeyType.compare(v, values.get(0)) != 0;
                case LT -> KeyType.compare(v, values.get(0)) < 0;
                case LE -> KeyType.compare(v, values.get(0)) <= 0;
                case GT -> KeyType.compare(v, values.get(0)) > 0;
                case GE -> KeyType.compare(v, values.get(0)) >= 0;
                case IN -> values.stream().anyMatch(x -> KeyType.compare(v, x) == 0);
                case IS_LATEST -> true; // a candidate; select() keeps the greatest

                default -> throw new IllegalStateException(op.toString());
            };
        }

        /** Whether some value in {@code range} may pass {@link #test}; true when that cannot be told. */
        boolean mayHold(ValueRange range) {
            if (range == null || type == null) {
                return true;
            }
            switch (op) {
                case IS_NULL:
                    return range.containsNull();
                case IS_NOT_NULL:
                case IS_LATEST:
                    return range.lower() != null;
                default:
                    break;
            }
            if (range.lower() == null || range.upper() == null) {
                return false; // NULLs only, which no comparison passes
            }
            Comparable<?> lower = type.parse(range.lower());
            Comparable<?> upper = type.parse(range.upper());
            if (lower == null || upper == null) {
                return true;
            }
            return switch (op) {
                case EQ -> within(values.get(0), lower, upper);
                case NE -> !(KeyType.compare(lower, values.get(0)) == 0 && KeyType.compare(upper, values.get(0)) == 0);
                case LT -> KeyType.compare(lower, values.get(0)) < 0;
                case LE -> KeyType.compare(lower, values.get(0)) <= 0;
                case GT -> KeyType.compare(upper, values.get(0)) > 0;
                case GE -> KeyType.compare(upper, values.get(0)) >= 0;
                case IN -> values.stream().anyMatch(v -> within(v, lower, upper));
                default -> true;
            };
        }

        private static boolean within(Comparable<?> v, Comparable<?> lower, Comparable<?> upper) {
            return KeyType.compare(lower, v) <= 0 && KeyType.compare(v, upper) <= 0;
        }

        /** The metastore form of this condition, or empty when it must be evaluated here. */
        Optional<String> render() {
            if (type == null || !type.metastoreCompares() || !KEY_NAME.matcher(key).matches()
                    || op == Predicate.Op.IS_NULL || op == Predicate.Op.IS_NOT_NULL || op == Predicate.Op.IS_LATEST) {
                return Optional.empty();
            }
            List<String> literals = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                String literal = literal(i);
                if (literal == null) {
                    return Optional.empty();
                }
                literals.add(literal);
            }
            if (op == Predicate.Op.IN) {
                return Optional.of(literals.size() == 1 ? key + " = " + literals.get(0)
                        : literals.stream().map(l -> key + " = " + l).collect(Collectors.joining(" or ", "(", ")")));
            }
            return Optional.of(key + " " + op.symbol + " " + literals.get(0));
        }

        private String literal(int i) {
            if (type.isIntegral()) {
                return values.get(i).toString(); // a parsed long: digits and a sign only
            }
            if (type == KeyType.DATE) {
                return "'" + values.get(i) + "'"; // ISO yyyy-MM-dd from LocalDate
            }
            String v = raw.get(i);
            if (!SAFE_LITERAL.matcher(v).matches()) {
                return null;
            }
            boolean equality = op == Predicate.Op.EQ || op == Predicate.Op.IN;
            if (!equality && !COLLATION_NEUTRAL.matcher(v).matches()) {
                return null;
            }
            return "'" + v + "'";
        }
    }

    private final List<Column> keys;
    private final List<List<Condition>> disjuncts;

    BoundPartitionFilter(List<Column> keys, List<List<Condition>> disjuncts) {
        this.keys = List.copyOf(keys);
        this.disjuncts = disjuncts.stream().map(List::copyOf).toList();
    }

    /** Whether every partition matches. */
    public boolean isAll() {
        return disjuncts.isEmpty();
    }

    /** The table's partition keys this filter is typed against, in partition order. */
    public List<Column> keys() {
        return keys;
    }

    /** The names of the keys its specs put conditions on, in the order the specs first name them. */
    public List<String> keysUsed() {
        return disjuncts.stream().flatMap(List::stream).map(Condition::key).distinct().toList();
    }

    /**
     * Whether a partition's values match, exactly; where a spec says {@code key is latest}, whether
     * the partition is a candidate for it (its value of the key is set), which only
     * {@link #select} can settle, seeing all of them.
     *
     * @param values values by key name ({@code null} for a NULL value), as in {@link Partition#values()}
     */
    public boolean matches(Map<String, String> values) {
        return isAll() || disjuncts.stream().anyMatch(conjunction -> holds(conjunction, values));
    }

    /**
     * The values a group of partitions has for one key: all of them lie from {@code lower} to
     * {@code upper}, as text in the key's type (both null when every value is NULL), and
     * {@code containsNull} says whether some are NULL.
     */
    public record ValueRange(String lower, String upper, boolean containsNull) {
    }

    /**
     * Whether some partition of a group whose values lie in {@code ranges} may match: false only
     * when none can, so that a group (an Iceberg manifest, say) can be passed over unread. A key
     * without a range may have any value. A {@code key is latest} spec may match any group with a
     * value of its key; {@link #select} settles it among the groups kept.
     *
     * @param ranges the group's values by key name
     */
    public boolean mayMatch(Map<String, ValueRange> ranges) {
        return isAll() || disjuncts.stream()
                .anyMatch(conjunction -> conjunction.stream().allMatch(c -> c.mayHold(ranges.get(c.key()))));
    }

    /** Whether every condition of {@code conjunction} holds for a partition's values. */
    private static boolean holds(List<Condition> conjunction, Map<String, String> values) {
        return conjunction.stream().allMatch(c -> c.test(values.get(c.key())));
    }

    /**
     * The partitions this filter selects among {@code candidates}, in their order: those that
     * {@link #matches match} a spec, and where the spec says {@code key is latest}, only those
     * among them with the greatest value of that key; with several such keys, in the spec's order
     * ({@code dt is latest,hour is latest}: the latest hour of the latest day).
     *
     * @param valuesOf a candidate's values by key name, as in {@link Partition#values()}
     */
    public <P> List<P> select(List<P> candidates, Function<P, Map<String, String>> valuesOf) {
        if (isAll()) {
            return List.copyOf(candidates);
        }
        boolean[] selected = new boolean[candidates.size()];
        for (List<Condition> conjunction : disjuncts) {
            List<Integer> matching = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                if (holds(conjunction, valuesOf.apply(candidates.get(i)))) {
                    matching.add(i);
                }
            }
            for (Condition c : conjunction) {
                if (c.op() == Predicate.Op.IS_LATEST) {
                    matching = greatest(matching, i -> c.type().parse(valuesOf.apply(candidates.get(i)).get(c.key())));
                }
            }
            matching.forEach(i -> selected[i] = true);
        }
        List<P> result = new ArrayList<>();
        for (int i = 0; i < selected.length; i++) {
            if (selected[i]) {
                result.add(candidates.get(i));
            }
        }
        return result;
    }

    /** The indices among {@code indices} whose value is the greatest (every one of them a candidate, so typed). */
    private static List<Integer> greatest(List<Integer> indices, Function<Integer, Comparable<?>> value) {
        Comparable<?> max = null;
        for (int i : indices) {
            Comparable<?> v = value.apply(i);
            if (max == null || KeyType.compare(v, max) > 0) {
                max = v;
            }
        }
        Comparable<?> greatest = max;
        return indices.stream().filter(i -> KeyType.compare(value.apply(i), greatest) == 0).toList();
    }

    /**
     * A filter for the metastore's {@code get_partitions_by_filter} that selects every matching
     * partition and possibly more; apply {@link #matches} to its result. Conditions the metastore
     * cannot be trusted to evaluate exactly the way {@link #matches} does (NULL checks, booleans,
     * values with quotes, backslashes or control characters, string ranges on values whose order
     * depends on the database collation) are left out of it. Empty when nothing would be left of
     * the filter, that is when some spec has no condition the metastore can take.
     */
    public Optional<String> metastoreFilter() {
        return metastoreFilters().map(rendered -> rendered.size() == 1 ? rendered.get(0)
                : rendered.stream().map(r -> "(" + r + ")").collect(Collectors.joining(" or ")));
    }

    /**
     * The metastore form of each spec on its own, in spec order: the union of what they select
     * is what {@link #metastoreFilter} selects. Empty under the same conditions as it.
     */
    public Optional<List<String>> metastoreFilters() {
        if (isAll()) {
            return Optional.empty();
        }
        List<String> rendered = new ArrayList<>();
        for (List<Condition> conjunction : disjuncts) {
            List<String> parts = new ArrayList<>();
            for (Condition c : conjunction) {
                c.render().ifPresent(parts::add);
            }
            if (parts.isEmpty()) {
                return Optional.empty(); // this spec alone could match anything
            }
            rendered.add(String.join(" and ", parts));
        }
        return Optional.of(List.copyOf(rendered));
    }
}
