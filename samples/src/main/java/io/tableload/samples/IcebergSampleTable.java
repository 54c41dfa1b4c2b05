package io.tableload.samples;

import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.iceberg.IcebergTables;
import io.tableload.sandbox.s3.S3Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The sample {@code sales} files again as the Iceberg table {@code sales_iceberg}, as Iceberg's
 * {@code snapshot} procedure makes one of a Hive table: the files adopted where they are, not
 * copied, partitioned by identity on {@code country} and {@code dt}. And once more as
 * {@code sales_corrected}, where row-level deletes (position delete files, as a merge-on-read
 * {@code DELETE} writes them) take every {@value #DELETED_EVERY}th row out of the Finnish files.
 */
final class IcebergSampleTable {
    static final String NAME = "sales_iceberg";
    static final String CORRECTED = "sales_corrected";
    /** Of the Finnish rows of {@code sales_corrected}, the first of each so many is deleted. */
    static final int DELETED_EVERY = 50;

    private IcebergSampleTable() {}

    /** Registers the table over {@code sales}, whose files are still under {@code root} locally and at {@code location} on S3. */
    static void install(S3Server s3, HiveTestData metastore, List<SalesGenerator.GeneratedPartition> sales, Path root,
            String location) {
        List<Types.NestedField> fields = new ArrayList<>();
        for (String[] column : SalesSchema.HIVE_COLUMNS) {
            fields.add(Types.NestedField.optional(fields.size() + 1, column[0], type(column[1])));
        }
        fields.add(Types.NestedField.optional(fields.size() + 1, "country", Types.StringType.get()));
        fields.add(Types.NestedField.optional(fields.size() + 1, "dt", Types.DateType.get()));
        Schema schema = new Schema(fields);
        PartitionSpec spec = PartitionSpec.builderFor(schema).identity("country").identity("dt").build();
        try (IcebergTables iceberg = new IcebergTables(metastore, s3.endpoint(), s3.region(), s3.accessKey(),
                s3.secretKey())) {
            List<IcebergTables.AdoptedFile> files = new ArrayList<>();
            for (SalesGenerator.GeneratedPartition p : sales) {
                for (int i = 0; i < p.files().size(); i++) {
                    Path file = p.files().get(i);
                    long rows = Math.min(SalesGenerator.MAX_ROWS_PER_FILE, p.rows() - (long) i * SalesGenerator.MAX_ROWS_PER_FILE);
                    String url = location + "/" + root.relativize(file).toString().replace('\\', '/');
                    files.add(new IcebergTables.AdoptedFile(url, p.path(), Files.size(file), rows));
                }
            }
            iceberg.adopt(iceberg.create("default", NAME, location + "_iceberg", schema, spec), files);
            org.apache.iceberg.Table corrected = iceberg.create("default", CORRECTED, location + "_corrected", schema, spec);
            for (DataFile file : iceberg.adopt(corrected, files)) {
                if (file.location().contains("/country=FI/")) {
                    iceberg.deleteRows(corrected, file,
                            LongStream.range(0, file.recordCount()).filter(r -> r % DELETED_EVERY == 0).toArray());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Type type(String hiveType) {
        if (hiveType.startsWith("decimal(")) {
            String[] digits = hiveType.substring("decimal(".length(), hiveType.length() - 1).split(",");
            return Types.DecimalType.of(Integer.parseInt(digits[0].trim()), Integer.parseInt(digits[1].trim()));
        }
        return switch (hiveType) {
            case "bigint" -> Types.LongType.get();
            case "int" -> Types.IntegerType.get();
            case "timestamp" -> Types.TimestampType.withoutZone();
            case "string" -> Types.StringType.get();
            default -> throw new IllegalArgumentException("no Iceberg type for " + hiveType);
        };
    }
}
