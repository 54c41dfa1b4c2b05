package io.tableload.load;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/** Writes real Parquet files with parquet-avro for tests: several row groups, logical types. */
final class ParquetFiles {
    static final Schema DECIMAL = LogicalTypes.decimal(12, 2).addToSchema(Schema.create(Schema.Type.BYTES));
    static final Schema TIMESTAMP = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));

    /** The first version of the schema. */
    static final Schema V1 = SchemaBuilder.record("sale").fields()
            .requiredLong("id")
            .name("amount").type(DECIMAL).noDefault()
            .name("at").type(TIMESTAMP).noDefault()
            .optionalString("discount")
            .name("tags").type().array().items().stringType().noDefault()
            .endRecord();

    /** A later version with one more (nullable) column. */
    static final Schema V2 = SchemaBuilder.record("sale").fields()
            .requiredLong("id")
            .name("amount").type(DECIMAL).noDefault()
            .name("at").type(TIMESTAMP).noDefault()
            .optionalString("discount")
            .name("tags").type().array().items().stringType().noDefault()
            .optionalInt("channel")
            .endRecord();

    private ParquetFiles() {}

    static List<GenericRecord> rows(Schema schema, long firstId, int count) {
        List<GenericRecord> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long id = firstId + i;
            GenericData.Record r = new GenericData.Record(schema);
            r.put("id", id);
            r.put("amount", BigDecimal.valueOf(id * 37 % 100000, 2).setScale(2, RoundingMode.UNNECESSARY));
            r.put("at", Instant.ofEpochMilli(1_700_000_000_000L + id * 1000));
            r.put("discount", id % 3 == 0 ? null : "D" + (id % 7));
            r.put("tags", List.of("t" + (id % 2), "u" + (id % 5)));
            if (schema.getField("channel") != null) {
                r.put("channel", (int) (id % 4));
            }
            rows.add(r);
        }
        return rows;
    }

    /**
     * Writes one Parquet file of {@code rowsEach} {@link #V1} rows per {@code (country, dt)} pair
     * under {@code dir} as Hive lays them out ({@code country=FI/dt=2024-01-01/part-0.parquet}),
     * ids running on from file to file, and returns them as loaded files with those partition values.
     */
    static List<LocalFile> writeCountryDayFiles(Path dir, int rowsEach, List<List<String>> countryAndDay)
            throws IOException {
        List<LocalFile> files = new ArrayList<>();
        long first = 0;
        for (List<String> partition : countryAndDay) {
            String country = partition.get(0);
            String dt = partition.get(1);
            Path file = dir.resolve("country=" + country + "/dt=" + dt + "/part-0.parquet");
            Files.createDirectories(file.getParent());
            write(file, V1, rows(V1, first, rowsEach), CompressionCodecName.SNAPPY);
            files.add(new LocalFile(file, Map.of("country", country, "dt", dt), Files.size(file)));
            first += rowsEach;
        }
        return files;
    }

    static void write(Path file, Schema schema, List<GenericRecord> rows, CompressionCodecName codec)
            throws IOException {
        write(file, schema, rows, codec, new CodecFactory(new PlainParquetConfiguration(), 0));
    }

    /** Writes pages with the given factory's compressor for {@code codec}, which the file names. */
    static void write(Path file, Schema schema, List<GenericRecord> rows, CompressionCodecName codec,
            CompressionCodecFactory compressors) throws IOException {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        try (ParquetWriter<GenericRecord> w = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withSchema(schema)
                .withDataModel(model)
                .withCompressionCodec(codec)
                .withCodecFactory(compressors)
                .withRowGroupSize(64L * 1024) // small row groups: several per file
                .withPageSize(8 * 1024)
                .build()) {
            for (GenericRecord r : rows) {
                w.write(r);
            }
        }
    }
}
