package io.tableload.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.avro.Conversions;
import org.apache.avro.NameValidator;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.InputFile;

/**
 * Streams the rows of one local Parquet file as Avro records shaped as a {@link RowShape} says:
 * adding the partition columns that Hive keeps out of the files and, when only some columns are
 * asked for, decoding only those. The file is opened on the first {@link #hasNext()}; memory stays
 * at one row group whatever the file's size. {@link ReadAheadRecords} runs one per file.
 *
 * <p>Logical types come back as Java values: decimals as {@code BigDecimal}, dates as
 * {@code LocalDate}, times as {@code LocalTime}, timestamps as {@code Instant} (INT96 ones too, see
 * {@link RetypedColumns}), or as {@code LocalDateTime} where the file stores them without a time
 * zone, as DuckDB does; partition columns use the same types. Each record carries its own schema: files written at
 * different times may have different columns.
 */
final class ParquetRecordStream implements CloseableIterator<GenericRecord> {
    private static final GenericData MODEL = dataModel();

    private final LocalFile file;
    private final InputFile input;
    private final RowShape shape;
    /** How records are made from parquet-avro's, made on the first row; null to give those as they are. */
    private Layout layout;
    private RecordReadSupport support;
    /** The file's columns whose schema or values records change, found on the first row. */
    private RetypedColumns retyped;
    private ParquetReader<GenericRecord> reader;
    private List<Object> partitionValues;
    private GenericRecord next;
    private boolean ended;

    ParquetRecordStream(LocalFile file, RowShape shape) {
        this.file = file;
        this.input = new ChannelInputFile(file.path());
        this.shape = shape;
    }

    @Override
    public boolean hasNext() {
        try {
            if (next == null && !ended) {
                GenericRecord row = reader == null ? firstRow() : read();
                if (row == null) {
                    ended = true;
                    closeReader();
                } else {
                    next = shaped(row);
                }
            }
            return next != null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the file and reads its first row, then makes the records' layout. Avro names hold only
     * letters, digits and {@code _}, not a digit first; a Hive, Spark or DuckDB column may be named
     * {@code user-id} or {@code first name}. So the schemas are made without Avro's check of names:
     * a setting of this thread, put back after.
     */
    private GenericRecord firstRow() throws IOException {
        NameValidator before = Schema.getNameValidator();
        Schema.setNameValidator(NameValidator.NO_VALIDATION);
        try {
            open();
            GenericRecord row = read();
            if (row != null) {
                prepareLayout(row.getSchema());
            }
            return row;
        } finally {
            Schema.setNameValidator(before);
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
        partitionValues = new ArrayList<>(shape.partitionColumns().size());
        for (PartitionColumn column : shape.partitionColumns()) {
            String raw = file.partitionValues().get(column.name());
            partitionValues.add(column.type().parse(column.name(), raw));
        }
        support = new RecordReadSupport(MODEL,
                shape.projected() ? Optional.of(shape.fileColumnsLowerCase()) : Optional.empty());
        try {
            reader = new ReaderBuilder(input, support).build();
        } catch (RuntimeException e) {
            throw new IOException(parquetsMessage(e), e); // "... is not a Parquet file", for one
        }
    }

    /**
     * parquet-mr's message, with the file it names called "the file" (the error names the path
     * already), and the first cause's: parquet-mr's own often says only where it stopped
     * ("Can not read value at 0 in block -1"), not why.
     */
    private String parquetsMessage(RuntimeException e) {
        String message = String.valueOf(e.getMessage()).replace(input.toString(), "the file");
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String why = cause.getMessage();
        return cause == e || why == null || message.contains(why) ? message : message + ": " + why;
    }

    private void closeReader() throws IOException {
        if (reader != null) {
            ParquetReader<GenericRecord> r = reader;
            reader = null;
            r.close();
        }
    }

    /** Records are parquet-avro's own unless columns are picked, added or retyped. */
    private void prepareLayout(Schema fileSchema) {
        retyped = RetypedColumns.of(support.requestedSchema(), shape.bareBinaryText()); // asked for before the first row
        if (shape.projected() || !shape.partitionColumns().isEmpty() || !retyped.isEmpty()) {
            Layout shaped = layout(fileSchema);
            // A file holding just the table's columns in its order needs no copy of each record.
            layout = shaped.keepsEveryFieldOf(fileSchema) ? null : shaped;
        }
    }

    private GenericRecord shaped(GenericRecord row) {
        if (layout == null) {
            return row;
        }
        GenericData.Record out = new GenericData.Record(layout.schema);
        int[] fileFields = layout.fileFields;
        for (int i = 0; i < fileFields.length; i++) {
            if (fileFields[i] < 0) {
                out.put(i, layout.constants[i]);
            } else {
                Object value = row.get(fileFields[i]);
                out.put(i, layout.changes[i] == null ? value : layout.changes[i].apply(value));
            }
        }
        return out;
    }

    /**
     * The output layout for one file schema. All columns: the file's, then the partition
     * columns; a file column named like a partition column is dropped, as Hive does: the
     * partition's value wins over whatever a writer stored in the file. Some columns: those, in
     * the order asked and named as asked, a column the file lacks as null.
     */
    private Layout layout(Schema fileSchema) {
        List<Schema.Field> fields = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        List<Object> constants = new ArrayList<>();
        List<String> names = shape.projected() ? shape.columns() : allColumns(fileSchema);
        @SuppressWarnings("unchecked")
        UnaryOperator<Object>[] changes = new UnaryOperator[names.size()];
        for (String name : names) {
            Optional<PartitionColumn> partition = shape.partitionColumn(name);
            Schema.Field inFile = field(fileSchema, name);
            if (partition.isPresent()) {
                PartitionColumn c = partition.get();
                fields.add(new Schema.Field(c.name(), c.type().avroSchema(), null, Schema.Field.NULL_DEFAULT_VALUE));
                sources.add(-1);
                constants.add(partitionValues.get(shape.partitionColumns().indexOf(c)));
            } else if (inFile != null) {
                // Named as asked (the table's spelling) when projected: a writer's "userId" for a
                // metastore's "userid" would otherwise leave get("userid") null.
                Optional<RetypedColumns.Retyping> retyping = retyped.retype(inFile.name(), inFile.schema());
                Schema read = retyping.map(RetypedColumns.Retyping::schema).orElse(inFile.schema());
                UnaryOperator<Object> change = retyping.map(RetypedColumns.Retyping::change).orElse(null);
                Optional<RetypedColumns.Retyping> widening = shape.declaredType(name).flatMap(t -> DeclaredWidening.of(read, t));
                if (widening.isPresent()) {
                    Schema widened = widening.get().schema();
                    fields.add(new Schema.Field(name, widened, inFile.doc(),
                            widened.isUnion() ? Schema.Field.NULL_DEFAULT_VALUE : null, inFile.order()));
                    change = DeclaredWidening.after(change, widening.get().change());
                } else {
                    fields.add(new Schema.Field(name, read, inFile.doc(), inFile.defaultVal(), inFile.order()));
                }
                changes[sources.size()] = change;
                sources.add(inFile.pos());
                constants.add(null);
            } else {
                // A column added to the table after this file was written: null, as Hive reads it.
                fields.add(new Schema.Field(name, Schema.create(Schema.Type.NULL), null, Schema.Field.NULL_DEFAULT_VALUE));
                sources.add(-1);
                constants.add(null);
            }
        }
        Schema schema = Schema.createRecord(fileSchema.getName(), fileSchema.getDoc(),
                fileSchema.getNamespace(), false, fields);
        return new Layout(schema, sources.stream().mapToInt(Integer::intValue).toArray(), constants.toArray(), changes);
    }

    private List<String> allColumns(Schema fileSchema) {
        List<String> names = new ArrayList<>();
        for (Schema.Field f : fileSchema.getFields()) {
            if (shape.partitionColumn(f.name()).isEmpty()) {
                names.add(f.name());
            }
        }
        shape.partitionColumns().forEach(c -> names.add(c.name()));
        return names;
    }

    private static Schema.Field field(Schema schema, String name) {
        Schema.Field exact = schema.getField(name);
        if (exact != null) {
            return exact;
        }
        return schema.getFields().stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    /**
     * @param fileFields per output column, the position of its file column, or -1 for a constant
     * @param constants per output column without a file column, its value (a partition value or null)
     * @param changes per output column, how a file column's values change ({@link RetypedColumns}); null for not
     */
    private record Layout(Schema schema, int[] fileFields, Object[] constants, UnaryOperator<Object>[] changes) {
        /** Whether each record would be the file's own: its fields, in order, named and typed the same. */
        boolean keepsEveryFieldOf(Schema fileSchema) {
            List<Schema.Field> own = fileSchema.getFields();
            if (fileFields.length != own.size()) {
                return false;
            }
            for (int i = 0; i < fileFields.length; i++) {
                Schema.Field field = schema.getFields().get(i);
                if (fileFields[i] != i || changes[i] != null || !field.name().equals(own.get(i).name())
                        || !field.schema().equals(own.get(i).schema())) {
                    return false;
                }
            }
            return true;
        }
    }

    /** parquet-mr's reader over {@code support}: {@code AvroParquetReader} fixes its read support. */
    private static final class ReaderBuilder extends ParquetReader.Builder<GenericRecord> {
        private final ReadSupport<GenericRecord> support;

        ReaderBuilder(InputFile file, ReadSupport<GenericRecord> support) {
            super(file, new PlainParquetConfiguration());
            this.support = support;
            withCodecFactory(new ArrayCodecFactory());
            // Records built by the generic model, as AvroParquetReader does with it.
            set(AvroReadSupport.AVRO_COMPATIBILITY, "false");
            // INT96 timestamps as their 12 bytes, which RetypedColumns turns into Instants; else refused.
            set(AvroReadSupport.READ_INT96_AS_FIXED, "true");
            // A list as Spark, DuckDB and Hive write it (LIST > repeated group > element) is a list of
            // its elements; parquet-avro's default makes it a list of one-field records {"element": x}.
            set(AvroSchemaConverter.ADD_LIST_ELEMENT_RECORDS, "false");
        }

        @Override
        protected ReadSupport<GenericRecord> getReadSupport() {
            return support;
        }
    }

    private static GenericData dataModel() {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.DateConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampNanosConversion());
        model.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.LocalTimestampNanosConversion());
        return model;
    }
}
