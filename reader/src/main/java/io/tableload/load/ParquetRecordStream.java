package io.tableload.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * Streams the rows of one local Parquet file as Avro records, adding the partition columns that
 * Hive keeps out of the files. The file is opened on the first {@link #hasNext()}; memory stays
 * at one row group whatever the file's size. {@link ReadAheadRecords} runs one per file.
 *
 * <p>Logical types come back as Java values: decimals as {@code BigDecimal}, dates as
 * {@code LocalDate}, timestamps as {@code Instant}; partition columns use the same types. Each
 * record carries its own schema: files written at different times may have different columns.
 */
final class ParquetRecordStream implements CloseableIterator<GenericRecord> {
    private static final GenericData MODEL = dataModel();

    private final LocalFile file;
    private final LocalInputFile input;
    private final List<PartitionColumn> partitionColumns;
    /** The output layout for the file's schema, made on the first row. */
    private Layout layout;
    private ParquetReader<GenericRecord> reader;
    private List<Object> partitionValues;
    private GenericRecord next;
    private boolean ended;

    ParquetRecordStream(LocalFile file, List<PartitionColumn> partitionColumns) {
        this.file = file;
        this.input = new LocalInputFile(file.path());
        this.partitionColumns = List.copyOf(partitionColumns);
    }

    @Override
    public boolean hasNext() {
        try {
            if (next == null && !ended) {
                if (reader == null) {
                    open();
                }
                GenericRecord row = read();
                if (row == null) {
                    ended = true;
                    closeReader();
                } else {
                    next = withPartitionColumns(row);
                }
            }
            return next != null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.path() + ": " + e.getMessage(), e);
        }
    }

    /** The next row; parquet-mr reports a damaged or foreign file with unchecked exceptions. */
    private GenericRecord read() throws IOException {
        try {
            return reader.read();
        } catch (RuntimeException e) {
            throw new IOException(parquetsMessage(e), e);
        }
    }

    @Override
    public GenericRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        GenericRecord row = next;
        next = null;
        return row;
    }

    @Override
    public void close() {
        try {
            closeReader();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void open() throws IOException {
        partitionValues = new ArrayList<>(partitionColumns.size());
        for (PartitionColumn column : partitionColumns) {
            String raw = file.partitionValues().get(column.name());
            partitionValues.add(column.type().parse(column.name(), raw));
        }
        try {
            reader = AvroParquetReader.<GenericRecord>builder(input, new PlainParquetConfiguration())
                    .withDataModel(MODEL)
                    .build();
        } catch (RuntimeException e) {
            throw new IOException(parquetsMessage(e), e); // "... is not a Parquet file", for one
        }
    }

    /**
     * parquet-mr's message, with the file it names by its object's identity ({@code
     * LocalInputFile@1b2c3d}) called "the file": the error names the path already.
     */
    private String parquetsMessage(RuntimeException e) {
        return String.valueOf(e.getMessage()).replace(input.toString(), "the file");
    }

    private void closeReader() throws IOException {
        if (reader != null) {
            ParquetReader<GenericRecord> r = reader;
            reader = null;
            r.close();
        }
    }

    private GenericRecord withPartitionColumns(GenericRecord row) {
        if (partitionColumns.isEmpty()) {
            return row;
        }
        if (layout == null) {
            layout = layout(row.getSchema());
        }
        GenericData.Record out = new GenericData.Record(layout.schema);
        int n = layout.fileFields.length;
        for (int i = 0; i < n; i++) {
            out.put(i, row.get(layout.fileFields[i]));
        }
        for (int i = 0; i < partitionColumns.size(); i++) {
            out.put(n + i, partitionValues.get(i));
        }
        return out;
    }

    /**
     * The output schema for one file schema: the file's columns, then the partition columns. A
     * file column named like a partition column is dropped, as Hive does: the partition's value
     * wins over whatever a writer stored in the file.
     */
    private Layout layout(Schema fileSchema) {
        List<Schema.Field> fields = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (Schema.Field f : fileSchema.getFields()) {
            if (partitionColumns.stream().noneMatch(c -> c.name().equalsIgnoreCase(f.name()))) {
                fields.add(new Schema.Field(f, f.schema()));
                kept.add(f.pos());
            }
        }
        for (PartitionColumn c : partitionColumns) {
            fields.add(new Schema.Field(c.name(), c.type().avroSchema(), null, Schema.Field.NULL_DEFAULT_VALUE));
        }
        Schema schema = Schema.createRecord(fileSchema.getName(), fileSchema.getDoc(),
                fileSchema.getNamespace(), false, fields);
        return new Layout(schema, kept.stream().mapToInt(Integer::intValue).toArray());
    }

    private record Layout(Schema schema, int[] fileFields) {}

    private static GenericData dataModel() {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.DateConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
        return model;
    }
}
