package io.tableload.load;

import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.ReadSupport.ReadContext;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation.ListLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.MapKeyValueTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.MapLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Records of files with repeated fields outside any list: a field marked {@code repeated} right in
 * the message or in a struct ({@code repeated int32 scores;}, {@code repeated group points {...}}),
 * which is how parquet-protobuf and parquet-thrift write repeated fields by default, rather than
 * as a LIST group. Parquet's rules read such a field as a list of its values, never null, and so
 * do Spark, Hive and DuckDB. parquet-avro describes it so, an Avro array, but cannot read it: it
 * takes the field for a LIST group and fails ("repeated int32 scores is not a group").
 *
 * <p>Here each struct holding such a field, the message included, is assembled by a
 * {@link StructWithRepeatedFields}: parquet-avro reads its other fields, as it would have, and the
 * repeated fields are gathered into lists beside them. Files without such fields, nearly all of
 * them, are read by parquet-avro alone.
 *
 * <p>A repeated field deeper, inside the elements of a LIST or MAP column (a list of structs that
 * each hold one), is not read here: {@link #inListElements} finds such columns, to be refused.
 */
final class BareRepeatedFields {
    private BareRepeatedFields() {
    }

    /** Whether {@code requested} holds a repeated field outside any list, in a struct this class assembles. */
    static boolean heldBy(MessageType requested) {
        return requested.getFields().stream().anyMatch(BareRepeatedFields::holdsOne);
    }

    /**
     * Whether a field of a struct is itself repeated there, or is a struct (not a list or map)
     * holding one, at any depth.
     */
    static boolean holdsOne(Type field) {
        if (field.isRepetition(Type.Repetition.REPEATED)) {
            return true;
        }
        if (field.isPrimitive() || isListOrMap(field.asGroupType())) {
            return false;
        }
        return field.asGroupType().getFields().stream().anyMatch(BareRepeatedFields::holdsOne);
    }

    /**
     * The first column, if any, with a field repeated outside a list inside the elements of a list
     * or map (a list of structs that each hold one): neither parquet-avro nor this class reads those.
     */
    static Optional<String> inListElements(MessageType requested) {
        return requested.getFields().stream()
                .filter(column -> !column.isPrimitive() && heldInElements(column.asGroupType(), false))
                .map(Type::getName)
                .findFirst();
    }

    private static boolean heldInElements(GroupType group, boolean inElements) {
        boolean container = isListOrMap(group);
        for (Type field : group.getFields()) {
            if (inElements && !container && field.isRepetition(Type.Repetition.REPEATED)) {
                return true;
            }
            if (!field.isPrimitive() && heldInElements(field.asGroupType(), inElements || container)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isListOrMap(GroupType group) {
        return group.getLogicalTypeAnnotation() instanceof ListLogicalTypeAnnotation
                || group.getLogicalTypeAnnotation() instanceof MapLogicalTypeAnnotation
                || group.getLogicalTypeAnnotation() instanceof MapKeyValueTypeAnnotation;
    }

    /** Makes the records of {@code requested}, which {@link #heldBy holds} repeated fields outside lists. */
    static RecordMaterializer<GenericRecord> materializer(MessageType requested, ParquetAvro parquetAvro) {
        return new RecordMaterializer<>() {
            private GenericRecord current;
            private final StructWithRepeatedFields root =
                    new StructWithRepeatedFields(requested, parquetAvro, record -> current = record);

            @Override
            public GenericRecord getCurrentRecord() {
                return current;
            }

            @Override
            public GroupConverter getRootConverter() {
                return root;
            }
        };
    }

    /**
     * parquet-avro's reading of whole messages, as the file's own read support configures it:
     * their Avro schema and the converters that make their records.
     */
    record ParquetAvro(ParquetConfiguration conf, GenericData model) {
        /** The Avro schema parquet-avro gives records of {@code message}. */
        Schema schemaOf(MessageType message) {
            return new AvroSchemaConverter(conf).convert(message);
        }

        /** parquet-avro's converters for records of {@code message}, of the schema {@link #schemaOf} gives. */
        RecordMaterializer<GenericRecord> materializer(MessageType message) {
            // No key-value metadata: the Avro schema is made from the Parquet one, never taken from a file.
            return new AvroReadSupport<GenericRecord>(model)
                    .prepareForRead(conf, Map.of(), message, new ReadContext(message, Map.of()));
        }
    }
}
