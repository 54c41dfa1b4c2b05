package io.tableload.catalog;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which partitions to take, from partition specs: predicates within one spec are ANDed, specs are
 * ORed (one spec per {@code --partition} option). Parsing checks the syntax only; {@link #bind}
 * types the values against a table's partition keys. Immutable.
 *
 * <p>Grammar of a spec: {@code key OP value} with {@code OP} one of {@code = != <> < <= > >=},
 * {@code key in (v1,v2,...)}, {@code key is null}, {@code key is not null}, joined by commas.
 * Values may be single-quoted ({@code city='Rio, RJ'}); a quote inside a quoted value is doubled
 * ({@code 'O''Brien'}). Keys are case-insensitive.
 */
public final class PartitionFilter {
    private static final PartitionFilter ALL = new PartitionFilter(List.of(), List.of());

    private final List<String> specs;
    private final List<List<Predicate>> disjuncts;

    private PartitionFilter(List<String> specs, List<List<Predicate>> disjuncts) {
        this.specs = List.copyOf(specs);
        this.disjuncts = disjuncts.stream().map(List::copyOf).toList();
    }

    /** The filter that takes every partition. */
    public static PartitionFilter all() {
        return ALL;
    }

    /**
     * Parses specs, ORed; no specs means {@link #all()}.
     *
     * @throws TableloadException {@code USAGE} naming the spec and the problem if one is malformed
     */
    public static PartitionFilter parse(List<String> specs) {
        if (specs == null || specs.isEmpty()) {
            return ALL;
        }
        List<List<Predicate>> disjuncts = new ArrayList<>();
        for (String spec : specs) {
            disjuncts.add(SpecParser.parse(spec));
        }
        return new PartitionFilter(specs, disjuncts);
    }

    /** Same as {@link #parse(List)}. */
    public static PartitionFilter parse(String... specs) {
        return parse(Arrays.asList(specs));
    }

    /** Whether this filter takes every partition. */
    public boolean isAll() {
        return disjuncts.isEmpty();
    }

    /** The specs as given. */
    public List<String> specs() {
        return specs;
    }

    /**
     * Types this filter against a table's partition keys.
     *
     * @throws TableloadException {@code USAGE} for a key the table does not have, a value that is
     *     not of its key's type, a comparison on a key type filters cannot compare, or any spec on
     *     an unpartitioned table
     */
    public BoundPartitionFilter bind(Table table) {
        List<Column> keys = table.partitionKeys();
        if (isAll()) {
            return new BoundPartitionFilter(keys, List.of());
        }
        if (keys.isEmpty()) {
            throw new TableloadException(ErrorCode.USAGE, "table " + table.ref()
                    + " is not partitioned, so it takes no partition spec (got " + quoted(specs) + ")");
        }
        List<List<BoundPartitionFilter.Condition>> bound = new ArrayList<>();
        for (int s = 0; s < disjuncts.size(); s++) {
            List<BoundPartitionFilter.Condition> conditions = new ArrayList<>();
            for (Predicate p : disjuncts.get(s)) {
                conditions.add(bind(p, specs.get(s), table));
            }
            bound.add(conditions);
        }
        return new BoundPartitionFilter(keys, bound);
    }

    private static BoundPartitionFilter.Condition bind(Predicate p, String spec, Table table) {
        List<Column> keys = table.partitionKeys();
        int index = -1;
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).name().equalsIgnoreCase(p.key())) {
                index = i;
            }
        }
        if (index < 0) {
            throw new TableloadException(ErrorCode.USAGE, "bad partition spec \"" + spec + "\": table " + table.ref()
                    + " has no partition key \"" + p.key() + "\"; its partition keys are "
                    + keys.stream().map(Column::name).collect(Collectors.joining(", ")));
        }
        Column key = keys.get(index);
        KeyType type = KeyType.of(key.type());
        boolean nullCheck = p.op() == Predicate.Op.IS_NULL || p.op() == Predicate.Op.IS_NOT_NULL;
        if (type == null && !nullCheck) {
            throw new TableloadException(ErrorCode.USAGE, "bad partition spec \"" + spec + "\": partition key "
                    + key.name() + " has type " + key.type() + ", which partition specs cannot compare yet"
                    + " (they compare string, char, varchar, int, bigint, smallint, tinyint, date, timestamp, boolean,"
                    + " decimal, float and double keys;"
                    + " \"is null\" and \"is not null\" work on any key)");
        }
        List<Comparable<?>> typed = new ArrayList<>();
        for (String v : p.values()) {
            Comparable<?> t = type.parse(v);
            if (t == null) {
                throw new TableloadException(ErrorCode.USAGE, "bad partition spec \"" + spec + "\": \"" + v
                        + "\" is not a valid " + key.type() + " for partition key " + key.name() + " (expected "
                        + type.example() + ")");
            }
            typed.add(t);
        }
        return new BoundPartitionFilter.Condition(index, key.name(), type, p.op(), p.values(), typed);
    }

    private static String quoted(List<String> specs) {
        return specs.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
    }

    /** The specs in a normalized form, ORed with {@code " OR "}; {@code "all partitions"} for {@link #all()}. */
    @Override
    public String toString() {
        if (isAll()) {
            return "all partitions";
        }
        return disjuncts.stream()
                .map(d -> d.stream().map(Predicate::toString).collect(Collectors.joining(",")))
                .collect(Collectors.joining(" OR "));
    }
}
