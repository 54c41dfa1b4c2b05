package io.tableload.catalog;

import java.util.List;
import java.util.Objects;

/** One parsed predicate of a partition spec, before it is typed against a table. */
record Predicate(String key, Op op, List<String> values) {
    enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), IN("in"), IS_NULL("is null"), IS_NOT_NULL("is not null"),
        /** The greatest value of the key among the partitions the rest of the spec selects. */
        IS_LATEST("is latest");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    Predicate {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(op, "op");
        values = List.copyOf(values);
        int expected = switch (op) {
            case IS_NULL, IS_NOT_NULL, IS_LATEST -> 0;
            case IN -> -1;
            default -> 1;
        };
        if (expected >= 0 ? values.size() != expected : values.isEmpty()) {
            throw new IllegalArgumentException(op + " with " + values.size() + " values");
        }
    }

    @Override
    public String toString() {
        return switch (op) {
            case IS_NULL, IS_NOT_NULL, IS_LATEST -> key + " " + op.symbol;
            case IN -> key + " in (" + String.join(",", values.stream().map(Predicate::quote).toList()) + ")";
            default -> key + op.symbol + quote(values.get(0));
        };
    }

    private static String quote(String v) {
        // A value starting with an operator character would merge with the operator: < then =x reads as <=x.
        boolean plain = !v.isEmpty() && "=<>!".indexOf(v.charAt(0)) < 0
                && v.chars().allMatch(c -> c != '\'' && c != ',' && c != '(' && c != ')' && !Character.isWhitespace(c));
        return plain ? v : "'" + v.replace("'", "''") + "'";
    }
}
