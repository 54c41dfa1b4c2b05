package io.tableload.load;

import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The values of a primitive field repeated outside any list ({@link BareRepeatedFields}), one by
 * one. Each is made by parquet-avro, as the one field of a message of its own: a string comes as
 * parquet-avro gives strings, a decimal as a {@code BigDecimal}, and so on, just as the same
 * values would in a list.
 */
final class RepeatedValues extends PrimitiveConverter {
    private final Consumer<Object> sink;
    private final RecordMaterializer<GenericRecord> single;
    private final GroupConverter singleRoot;
    private final PrimitiveConverter value;
    private final Schema schema;

    /** @param sink takes each value */
    RepeatedValues(PrimitiveType field, BareRepeatedFields.ParquetAvro parquetAvro, Consumer<Object> sink) {
        this.sink = sink;
        // Each element is a value, never null: the field itself, required.
        PrimitiveType element = Types.primitive(field.getPrimitiveTypeName(), Type.Repetition.REQUIRED)
                .length(field.getTypeLength()).as(field.getLogicalTypeAnnotation()).named(field.getName());
        MessageType message = new MessageType(field.getName(), element);
        this.schema = parquetAvro.schemaOf(message).getFields().get(0).schema();
        this.single = parquetAvro.materializer(message);
        this.singleRoot = single.getRootConverter();
        this.value = singleRoot.getConverter(0).asPrimitiveConverter();
    }

    /** The Avro schema of each value. */
    Schema schema() {
        return schema;
    }

    private void begin() {
        singleRoot.start();
    }

    private void finish() {
        singleRoot.end();
        sink.accept(single.getCurrentRecord().get(0));
    }

    @Override
    public boolean hasDictionarySupport() {
        return value.hasDictionarySupport();
    }

    @Override
    public void setDictionary(Dictionary dictionary) {
        value.setDictionary(dictionary);
    }

    @Override
    public void addValueFromDictionary(int dictionaryId) {
        begin();
        value.addValueFromDictionary(dictionaryId);
        finish();
    }

    @Override
    public void addBinary(Binary binary) {
        begin();
        value.addBinary(binary);
        finish();
    }

    @Override
    public void addBoolean(boolean b) {
        begin();
        value.addBoolean(b);
        finish();
    }

    @Override
    public void addDouble(double d) {
        begin();
        value.addDouble(d);
        finish();
    }

    @Override
    public void addFloat(float f) {
        begin();
        value.addFloat(f);
        finish();
    }

    @Override
    public void addInt(int i) {
        begin();
        value.addInt(i);
        finish();
    }

    @Override
    public void addLong(long l) {
        begin();
        value.addLong(l);
        finish();
    }
}
