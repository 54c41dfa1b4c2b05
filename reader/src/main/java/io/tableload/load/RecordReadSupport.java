package io.tableload.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * parquet-avro's read support for one file, which keeps the Parquet schema it asks the file for
 * ({@link #requestedSchema()}) so that the columns parquet-avro describes wrongly can be retyped
 * ({@link RetypedColumns}), and which asks for maps whose keys are not strings as lists of entries
 * ({@link NonStringKeyMaps}), and which reads repeated fields outside lists, as protobuf and Thrift
 * writers store them, which parquet-avro cannot ({@link BareRepeatedFields}).
 *
 * <p>Given some top-level columns, it asks the file for those only: the others' pages are never
 * read or decoded. Projected on the file's own Parquet schema, by name without regard to case, so
 * a file without a column simply yields none of it; a file written by parquet-avro still gives
 * records of its full Avro schema, with the columns left out as null.
 */
final class RecordReadSupport extends AvroReadSupport<GenericRecord> {
    private final GenericData model;
    private final Optional<Set<String>> lowerCaseNames;
    private MessageType requested;

    /** @param lowerCaseNames the columns to read, lower-cased; empty for all of them */
    RecordReadSupport(GenericData model, Optional<Set<String>> lowerCaseNames) {
        super(model);
        this.model = model;
        this.lowerCaseNames = lowerCaseNames.map(Set::copyOf);
    }

    @Override
    public ReadContext init(InitContext context) {
        ReadContext whole = super.init(context);
        MessageType asked = whole.getRequestedSchema();
        if (lowerCaseNames.isPresent()) {
            MessageType file = context.getFileSchema();
            List<Type> kept = file.getFields().stream()
                    .filter(f -> lowerCaseNames.get().contains(f.getName().toLowerCase(Locale.ROOT)))
                    .toList();
            asked = new MessageType(file.getName(), kept);
        }
        requested = NonStringKeyMaps.asEntryLists(asked);
        return requested == whole.getRequestedSchema() ? whole : new ReadContext(requested, whole.getReadSupportMetadata());
    }

    @Override
    public RecordMaterializer<GenericRecord> prepareForRead(ParquetConfiguration conf, Map<String, String> keyValueMetaData,
            MessageType fileSchema, ReadContext context) {
        MessageType asked = context.getRequestedSchema();
        Optional<String> unreadable = BareRepeatedFields.inListElements(asked);
        if (unreadable.isPresent()) {
            throw new UnsupportedOperationException("column " + unreadable.get() + " holds lists or maps whose"
                    + " elements have fields repeated outside a list, which records cannot read; query the"
                    + " table instead (LoadedTable.query, or tableload --where or --output), which reads them");
        }
        if (BareRepeatedFields.heldBy(asked)) {
            return BareRepeatedFields.materializer(asked, new BareRepeatedFields.ParquetAvro(conf, model));
        }
        return super.prepareForRead(conf, keyValueMetaData, fileSchema, context);
    }

    /** The Parquet columns read from the file; known once the reader has read its first row. */
    MessageType requestedSchema() {
        if (requested == null) {
            throw new IllegalStateException("the file has not been opened yet");
        }
        return requested;
    }
}
