package io.tableload.load;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * A top-level column's values as the table declares the column, where the file that holds them
 * was written with a narrower type before the table's column was widened, as Hive and Spark
 * allow: an {@code int} for a {@code bigint}, a {@code float} for a {@code double}, a decimal of
 * another precision or scale. Records then have one type per column across every file, as the
 * DuckDB view does ({@link DuckDbTable}). Any other difference is left as the file has it.
 */
final class DeclaredWidening {
    private DeclaredWidening() {
    }

    /** How values read with schema {@code read} change to the declared {@code hiveType}; empty for not at all. */
    static Optional<RetypedColumns.Retyping> of(Schema read, String hiveType) {
        Schema value = RetypedColumns.nonNull(read);
        String declared = hiveType.trim().toLowerCase(Locale.ROOT);
        Optional<RetypedColumns.Retyping> widened = Optional.empty();
        LogicalType logical = value.getLogicalType();
        if (declared.equals("bigint") && value.getType() == Schema.Type.INT && logical == null) {
            widened = Optional.of(new RetypedColumns.Retyping(Schema.create(Schema.Type.LONG),
                    v -> ((Number) v).longValue()));
        } else if (declared.equals("double") && value.getType() == Schema.Type.FLOAT) {
            widened = Optional.of(new RetypedColumns.Retyping(Schema.create(Schema.Type.DOUBLE),
                    v -> ((Number) v).doubleValue()));
        } else if (logical instanceof LogicalTypes.Decimal stored) {
            widened = DuckDbColumnTypes.decimal(declared)
                    .filter(d -> d.precision() != stored.getPrecision() || d.scale() != stored.getScale())
                    .map(d -> new RetypedColumns.Retyping(
                            LogicalTypes.decimal(d.precision(), d.scale()).addToSchema(Schema.create(Schema.Type.BYTES)),
                            v -> ((BigDecimal) v).setScale(d.scale(), RoundingMode.HALF_UP)));
        }
        return widened.map(w -> new RetypedColumns.Retyping(
                read.isUnion() ? Schema.createUnion(Schema.create(Schema.Type.NULL), w.schema()) : w.schema(),
                v -> v == null ? null : w.change().apply(v)));
    }

    /** Chains a change already made to a value (or none) with a widening of its result. */
    static UnaryOperator<Object> after(UnaryOperator<Object> first, UnaryOperator<Object> then) {
        return first == null ? then : v -> then.apply(first.apply(v));
    }
}
