package io.tableload.load;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.MapKeyValueTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.MapLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Maps whose keys are not strings ({@code map<int,string>}, as Spark and DuckDB write them), read
 * as lists of key-value records. An Avro map's keys are strings, so parquet-avro refuses such a
 * file whole ("Map key type must be binary (UTF8)"). Asking the file for the map as a list of its
 * repeated key-value group instead gives each entry as a record {@code {key, value}} with its
 * typed key, as Spark's {@code map_entries} does; the columns read, and their values, are the same.
 */
final class NonStringKeyMaps {
    private NonStringKeyMaps() {
    }

    /** {@code schema} with each map whose keys are not strings, at any depth, annotated as a list. */
    static MessageType asEntryLists(MessageType schema) {
        List<Type> fields = schema.getFields().stream()
                .map(field -> field.isPrimitive() ? field : rewritten(field.asGroupType(), false))
                .toList();
        return fields.equals(schema.getFields()) ? schema : new MessageType(schema.getName(), fields);
    }

    private static Type rewritten(GroupType group, boolean entriesOfAListedMap) {
        LogicalTypeAnnotation annotation = group.getLogicalTypeAnnotation();
        boolean listed = isMapWithoutStringKeys(group);
        if (listed) {
            annotation = LogicalTypeAnnotation.listType();
        } else if (entriesOfAListedMap && annotation instanceof MapKeyValueTypeAnnotation) {
            annotation = null; // an old writer's mark on the entries, which would make them a map again
        }
        List<Type> fields = new ArrayList<>(group.getFieldCount());
        for (Type field : group.getFields()) {
            fields.add(field.isPrimitive() ? field : rewritten(field.asGroupType(), listed));
        }
        if (!listed && annotation == group.getLogicalTypeAnnotation()) {
            return group.withNewFields(fields);
        }
        GroupType changed = Types.buildGroup(group.getRepetition()).as(annotation).addFields(fields.toArray(Type[]::new))
                .named(group.getName());
        return group.getId() == null ? changed : changed.withId(group.getId().intValue());
    }

    /** A map (or an old writer's map of key-value entries) whose key is not a string, as parquet-avro needs. */
    private static boolean isMapWithoutStringKeys(GroupType group) {
        LogicalTypeAnnotation annotation = group.getLogicalTypeAnnotation();
        if (!(annotation instanceof MapLogicalTypeAnnotation || annotation instanceof MapKeyValueTypeAnnotation)
                || group.getFieldCount() != 1 || group.getType(0).isPrimitive()) {
            return false;
        }
        GroupType entries = group.getType(0).asGroupType();
        if (!entries.isRepetition(Type.Repetition.REPEATED) || entries.getFieldCount() != 2) {
            return false;
        }
        Type key = entries.getType(0);
        return !(key.isPrimitive() && key.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY
                && LogicalTypeAnnotation.stringType().equals(key.getLogicalTypeAnnotation()));
    }
}
