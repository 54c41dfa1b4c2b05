package io.tableload.load;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * parquet-avro's read support asking the file for some top-level columns only: the others'
 * pages are never read or decoded. Projected on the file's own Parquet schema, by name without
 * regard to case, so a file without a column simply yields none of it; a file written by
 * parquet-avro still gives records of its full Avro schema, with the columns left out as null.
 */
final class ColumnsReadSupport extends AvroReadSupport<GenericRecord> {
    private final Set<String> lowerCaseNames;

    ColumnsReadSupport(GenericData model, Set<String> lowerCaseNames) {
        super(model);
        this.lowerCaseNames = Set.copyOf(lowerCaseNames);
    }

    @Override
    public ReadContext init(InitContext context) {
        ReadContext whole = super.init(context);
        MessageType file = context.getFileSchema();
        List<Type> kept = file.getFields().stream()
                .filter(f -> lowerCaseNames.contains(f.getName().toLowerCase(Locale.ROOT)))
                .toList();
        return new ReadContext(new MessageType(file.getName(), kept), whole.getReadSupportMetadata());
    }
}
