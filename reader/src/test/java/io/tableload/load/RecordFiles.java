package io.tableload.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/** Writing Parquet files as other tools do, and reading them back as records, for the record tests. */
final class RecordFiles {
    private RecordFiles() {
    }

    /** Every record of one file, as {@code records()} gives them. */
    static List<GenericRecord> readAll(LocalFile file, RowShape shape) {
        List<GenericRecord> read = new ArrayList<>();
        try (ReadAheadRecords rows = new ReadAheadRecords(List.of(file), shape, 1, true, s -> { })) {
            rows.forEachRemaining(read::add);
        }
        return read;
    }

    /** A local file outside any partition. */
    static LocalFile local(Path file) {
        try {
            return new LocalFile(file, Map.of(), Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One row of {@code selectList} in a file DuckDB writes at {@code dir/relative}, in partition day=1. */
    static LocalFile writeWithDuckDb(Path dir, String relative, String selectList) throws IOException, SQLException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement s = db.createStatement()) {
            s.execute("COPY (SELECT " + selectList + ") TO '" + file + "' (FORMAT parquet)");
        }
        return new LocalFile(file, Map.of("day", "1"), Files.size(file));
    }

    /** {@code row} written with its own schema by Avro's writer and read back by Avro's reader. */
    static GenericRecord throughAvro(GenericRecord row) throws IOException {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampNanosConversion());
        model.addLogicalTypeConversion(new TimeConversions.LocalTimestampNanosConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.DateConversion());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(row.getSchema(), model).write(row, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(row.getSchema(), row.getSchema(), model)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }

    /** A column's schema without its null branch. */
    static Schema valueSchema(GenericRecord record, String column) {
        Schema schema = record.getSchema().getField(column).schema();
        return schema.isUnion() ? schema.getTypes().get(1) : schema;
    }
}
