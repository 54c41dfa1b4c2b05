package io.tableload.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Assembles the records of a struct (or a whole message) that holds repeated fields outside any
 * list ({@link BareRepeatedFields}). parquet-avro reads its plain fields, as one message of their
 * own; each repeated field is gathered here into a list, its values made by parquet-avro too
 * ({@link RepeatedValues}) or, for a repeated struct, by another of these; a struct holding such
 * a field deeper is another of these as well. Each record is parquet-avro's with the gathered
 * fields put in their places, under the schema parquet-avro gives the whole struct.
 */
final class StructWithRepeatedFields extends GroupConverter {
    private final Schema schema;
    private final Consumer<GenericRecord> sink;
    /** parquet-avro's reading of the plain fields; null when there are none. */
    private final RecordMaterializer<GenericRecord> plain;
    private final Converter[] converters;
    /** Per field: its position among the plain fields, or -1 for a field gathered here. */
    private final int[] plainPositions;
    /** Per field: its gathered value, or null for a plain field. */
    private final Gathered[] gathered;

    /**
     * @param struct the struct's Parquet type (a repeated struct stands for each of its elements)
     * @param sink takes each record once it is complete
     */
    StructWithRepeatedFields(GroupType struct, BareRepeatedFields.ParquetAvro parquetAvro, Consumer<GenericRecord> sink) {
        this.sink = sink;
        List<Type> plainFields = struct.getFields().stream().filter(f -> !BareRepeatedFields.holdsOne(f)).toList();
        MessageType plainMessage = new MessageType(struct.getName(), plainFields);
        Schema plainSchema = parquetAvro.schemaOf(plainMessage);
        this.plain = plainFields.isEmpty() ? null : parquetAvro.materializer(plainMessage);
        int count = struct.getFieldCount();
        this.converters = new Converter[count];
        this.plainPositions = new int[count];
        this.gathered = new Gathered[count];
        List<Schema.Field> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Type field = struct.getType(i);
            int plainPosition = plainFields.indexOf(field);
            plainPositions[i] = plainPosition;
            if (plainPosition >= 0) {
                Schema.Field read = plainSchema.getFields().get(plainPosition);
                fields.add(new Schema.Field(read, read.schema()));
                converters[i] = plain.getRootConverter().getConverter(plainPosition);
            } else {
                fields.add(gather(i, field, parquetAvro));
            }
        }
        this.schema = Schema.createRecord(plainSchema.getName(), plainSchema.getDoc(), plainSchema.getNamespace(),
                false, fields);
    }

    /** Sets up field {@code i}'s converter and gathered value; its Avro field, as parquet-avro describes it. */
    private Schema.Field gather(int i, Type field, BareRepeatedFields.ParquetAvro parquetAvro) {
        if (field.isRepetition(Type.Repetition.REPEATED)) {
            Gathered.Values values = new Gathered.Values();
            gathered[i] = values;
            Schema element;
            if (field.isPrimitive()) {
                RepeatedValues each = new RepeatedValues(field.asPrimitiveType(), parquetAvro, values::add);
                converters[i] = each;
                element = each.schema();
            } else {
                StructWithRepeatedFields each = new StructWithRepeatedFields(field.asGroupType(), parquetAvro, values::add);
                converters[i] = each;
                element = each.schema;
            }
            // Parquet's rule: a repeated field outside a list is a list that is never null.
            Schema list = Schema.createArray(element);
            values.schema = list;
            return new Schema.Field(field.getName(), list);
        }
        Gathered.Value value = new Gathered.Value();
        gathered[i] = value;
        StructWithRepeatedFields struct = new StructWithRepeatedFields(field.asGroupType(), parquetAvro, value::set);
        converters[i] = struct;
        if (field.isRepetition(Type.Repetition.REQUIRED)) {
            return new Schema.Field(field.getName(), struct.schema);
        }
        Schema nullable = Schema.createUnion(Schema.create(Schema.Type.NULL), struct.schema);
        return new Schema.Field(field.getName(), nullable, null, Schema.Field.NULL_DEFAULT_VALUE);
    }

    @Override
    public Converter getConverter(int fieldIndex) {
        return converters[fieldIndex];
    }

    @Override
    public void start() {
        if (plain != null) {
            plain.getRootConverter().start();
        }
        for (Gathered g : gathered) {
            if (g != null) {
                g.reset();
            }
        }
    }

    @Override
    public void end() {
        GenericRecord plainRecord = null;
        if (plain != null) {
            plain.getRootConverter().end();
            plainRecord = plain.getCurrentRecord();
        }
        GenericData.Record record = new GenericData.Record(schema);
        for (int i = 0; i < converters.length; i++) {
            record.put(i, plainPositions[i] >= 0 ? plainRecord.get(plainPositions[i]) : gathered[i].value());
        }
        sink.accept(record);
    }

    /** A field's value gathered over one record: a list of a repeated field's values, or a struct. */
    private abstract static sealed class Gathered {
        abstract void reset();

        abstract Object value();

        static final class Values extends Gathered {
            private Schema schema;
            private GenericData.Array<Object> values;

            void add(Object value) {
                values.add(value);
            }

            @Override
            void reset() {
                values = new GenericData.Array<>(0, schema);
            }

            @Override
            Object value() {
                return values;
            }
        }

        static final class Value extends Gathered {
            private Object value;

            void set(Object value) {
                this.value = value;
            }

            @Override
            void reset() {
                value = null;
            }

            @Override
            Object value() {
                return value;
            }
        }
    }
}
