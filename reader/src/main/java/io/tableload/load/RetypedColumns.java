package io.tableload.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * The columns of a file that parquet-avro reads wrongly, as Spark, Hive, DuckDB and pandas
 * commonly store them, and what records hold instead ({@link RetypedLeaf}), at any depth: inside
 * structs, lists and maps as well as at the top.
 * <ul>
 *   <li>A decimal of up to 18 digits stored as int32 or int64 (how Spark and DuckDB store them).
 *       parquet-avro gives its values as {@code BigDecimal} but describes it as a plain
 *       {@code int} or {@code long}, so a record's own schema could not write it. Here it is
 *       described as Avro describes decimals: {@code bytes} with the {@code decimal} logical type.</li>
 *   <li>A timestamp stored as INT96 (Hive's way, and Spark's by default). parquet-avro refuses
 *       those, or hands over their 12 raw bytes. Here they come as an {@code Instant}, to the
 *       nanosecond, under {@code long} with the {@code timestamp-nanos} logical type.</li>
 *   <li>A timestamp in nanoseconds (pandas' and DuckDB's {@code TIMESTAMP_NS}). parquet-avro gives
 *       a bare {@code long}. Here it is an {@code Instant} ({@code timestamp-nanos}), or a
 *       {@code LocalDateTime} ({@code local-timestamp-nanos}) when stored without a time zone.</li>
 *   <li>An unsigned 32- or 64-bit integer (DuckDB's and pandas' {@code uint32}, {@code uint64}).
 *       parquet-avro reads them as signed: 4,000,000,000 comes as -294,967,296. Here they are a
 *       {@code long} and a {@code BigDecimal} under {@code decimal(20,0)}, as Spark reads them.</li>
 *   <li>A JSON column (DuckDB's {@code JSON}). parquet-avro gives its bytes; here it is its text.</li>
 *   <li>A bare BINARY (no annotation) where the table declares text ({@link BareBinaryText}), as
 *       Impala stores strings. parquet-avro gives its bytes; here it is its text.</li>
 * </ul>
 * A struct, list or map holding such a value is rebuilt around it, with a schema to match; other
 * columns are left as parquet-avro reads them, at no cost.
 */
final class RetypedColumns {
    /** A file column as records give it: its schema, and how its values change. */
    record Retyping(Schema schema, UnaryOperator<Object> change) {
    }

    /** A column to retype: its Parquet type, and whether a bare BINARY in it is text. */
    private record Found(Type parquet, boolean bareBinaryIsText) {
    }

    private final Map<String, Found> byName;

    private RetypedColumns(Map<String, Found> byName) {
        this.byName = byName;
    }

    /**
     * The columns to retype among those read from a file.
     *
     * @param text which columns hold text where the file stores a bare BINARY
     */
    static RetypedColumns of(MessageType requested, BareBinaryText text) {
        Map<String, Found> found = new HashMap<>();
        for (Type column : requested.getFields()) {
            boolean bareBinaryIsText = text.isText(column.getName());
            if (holdsRetyped(column, bareBinaryIsText)) {
                found.put(column.getName(), new Found(column, bareBinaryIsText));
            }
        }
        return new RetypedColumns(found);
    }

    boolean isEmpty() {
        return byName.isEmpty();
    }

    /**
     * A file column as records give it, when it holds values to retype; empty when it is as
     * parquet-avro reads it ({@code read}).
     */
    Optional<Retyping> retype(String column, Schema read) {
        Found found = byName.get(column);
        return found == null ? Optional.empty() : retyped(found.parquet(), read, found.bareBinaryIsText());
    }

    private static boolean holdsRetyped(Type column, boolean bareBinaryIsText) {
        return column.isPrimitive() ? RetypedLeaf.of(column, bareBinaryIsText).isPresent()
                : column.asGroupType().getFields().stream().anyMatch(f -> holdsRetyped(f, bareBinaryIsText));
    }

    /**
     * How a value parquet-avro read with schema {@code read} from Parquet type {@code parquet}
     * changes; empty for not at all.
     */
    private static Optional<Retyping> retyped(Type parquet, Schema read, boolean bareBinaryIsText) {
        Schema value = nonNull(read);
        Optional<Retyping> retyped = switch (value.getType()) {
            case RECORD -> parquet.isPrimitive() ? Optional.empty() : record(parquet.asGroupType(), value, bareBinaryIsText);
            case ARRAY -> elementOf(parquet)
                    .flatMap(element -> retyped(element, value.getElementType(), bareBinaryIsText))
                    .map(items -> new Retyping(Schema.createArray(items.schema()), list(items.change())));
            case MAP -> valueOfMap(parquet)
                    .flatMap(values -> retyped(values, value.getValueType(), bareBinaryIsText))
                    .map(values -> new Retyping(Schema.createMap(values.schema()), map(values.change())));
            default -> RetypedLeaf.of(parquet, bareBinaryIsText).filter(leaf -> RetypedLeaf.isParquetAvrosOwn(value))
                    .map(leaf -> new Retyping(leaf.schema(parquet), leaf));
        };
        return retyped.map(r -> read.isUnion()
                ? new Retyping(Schema.createUnion(Schema.create(Schema.Type.NULL), r.schema()), r.change())
                : r);
    }

    /** A struct holding a value to retype: the same fields, retyped where they need it. */
    private static Optional<Retyping> record(GroupType parquet, Schema read, boolean bareBinaryIsText) {
        List<Schema.Field> fields = new ArrayList<>(read.getFields().size());
        List<UnaryOperator<Object>> changes = new ArrayList<>(read.getFields().size());
        boolean any = false;
        for (Schema.Field field : read.getFields()) {
            Optional<Retyping> retyped = parquet.containsField(field.name())
                    ? retyped(parquet.getType(field.name()), field.schema(), bareBinaryIsText) : Optional.empty();
            any |= retyped.isPresent();
            Schema schema = retyped.map(Retyping::schema).orElse(field.schema());
            fields.add(new Schema.Field(field.name(), schema, field.doc(), field.defaultVal(), field.order()));
            changes.add(retyped.map(Retyping::change).orElse(UnaryOperator.identity()));
        }
        if (!any) {
            return Optional.empty();
        }
        Schema schema = Schema.createRecord(read.getName(), read.getDoc(), read.getNamespace(), read.isError(), fields);
        return Optional.of(new Retyping(schema, record(schema, changes)));
    }

    /**
     * The Parquet type of a list's elements, as parquet-avro reads them: a field repeated in its
     * struct (an old two-level list) is its own element; so is a LIST group's repeated field when
     * it cannot be a wrapper of one ({@link #isListElement}); else the wrapper's one field is.
     */
    private static Optional<Type> elementOf(Type parquet) {
        if (parquet.isRepetition(Type.Repetition.REPEATED)) {
            return Optional.of(parquet);
        }
        if (parquet.isPrimitive() || parquet.asGroupType().getFieldCount() != 1) {
            return Optional.empty();
        }
        Type repeated = parquet.asGroupType().getType(0);
        return Optional.of(isListElement(repeated, parquet.getName()) ? repeated : repeated.asGroupType().getType(0));
    }

    /**
     * parquet-avro's rule, for lists read without element records: a list's repeated field is
     * the element itself when it is a primitive, has several fields or a repeated one, or is
     * named as Avro's ({@code array}) and Thrift's ({@code <list>_tuple}) writers name them.
     */
    private static boolean isListElement(Type repeated, String listName) {
        if (repeated.isPrimitive()) {
            return true;
        }
        GroupType group = repeated.asGroupType();
        return group.getFieldCount() > 1 || group.getType(0).isRepetition(Type.Repetition.REPEATED)
                || group.getName().equals("array") || group.getName().equals(listName + "_tuple");
    }

    /** The Parquet type of a map's values: the second field of its repeated key-value group. */
    private static Optional<Type> valueOfMap(Type parquet) {
        if (parquet.isPrimitive() || parquet.asGroupType().getFieldCount() != 1) {
            return Optional.empty();
        }
        Type entries = parquet.asGroupType().getType(0);
        return entries.isPrimitive() || entries.asGroupType().getFieldCount() != 2
                ? Optional.empty() : Optional.of(entries.asGroupType().getType(1));
    }

    private static UnaryOperator<Object> record(Schema schema, List<UnaryOperator<Object>> fieldChanges) {
        UnaryOperator<Object>[] changes = fieldChanges.toArray(UnaryOperator[]::new);
        return raw -> {
            if (raw == null) {
                return null;
            }
            GenericRecord in = (GenericRecord) raw;
            GenericData.Record out = new GenericData.Record(schema);
            for (int i = 0; i < changes.length; i++) {
                out.put(i, changes[i].apply(in.get(i)));
            }
            return out;
        };
    }

    private static UnaryOperator<Object> list(UnaryOperator<Object> itemChange) {
        return raw -> {
            if (raw == null) {
                return null;
            }
            List<?> in = (List<?>) raw;
            List<Object> out = new ArrayList<>(in.size());
            for (Object item : in) {
                out.add(itemChange.apply(item));
            }
            return out;
        };
    }

    private static UnaryOperator<Object> map(UnaryOperator<Object> valueChange) {
        return raw -> {
            if (raw == null) {
                return null;
            }
            Map<?, ?> in = (Map<?, ?>) raw;
            Map<Object, Object> out = new LinkedHashMap<>(in.size() * 2);
            in.forEach((k, v) -> out.put(k, valueChange.apply(v)));
            return out;
        };
    }

    /** The type of a value read with {@code read}: the branch that is not null, where it is a union. */
    static Schema nonNull(Schema read) {
        if (!read.isUnion()) {
            return read;
        }
        return read.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElse(read);
    }
}
