package io.tableload.sandbox.iceberg;

import io.tableload.sandbox.hms.HiveTestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes real Iceberg tables to an S3 server with Iceberg's own library (metadata files, manifest
 * lists, manifests and Parquet data files as Iceberg writes them) and keeps them registered in a
 * Hive Metastore as Iceberg's Hive catalog does. Tables are format version 2 unless a test asks
 * otherwise; change them with Iceberg's API ({@code table.newDelete()}, {@code updateSchema()}...)
 * as any engine would.
 */
public final class IcebergTables implements AutoCloseable {
    private final HiveTestData metastore;
    private final S3ObjectsIO io;

    /** Tables on the S3 server at {@code endpoint} (path-style addressing), registered in {@code metastore}. */
    public IcebergTables(HiveTestData metastore, URI endpoint, String region, String accessKey, String secretKey) {
        this.metastore = metastore;
        this.io = new S3ObjectsIO(S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(Apache5HttpClient.create())
                .build());
    }

    /** Creates a table at {@code location} ({@code s3://bucket/prefix}) in format version 2. */
    public Table create(String database, String name, String location, Schema schema, PartitionSpec spec) {
        return create(database, name, location, schema, spec, Map.of("format-version", "2"));
    }

    /** Creates a table with the given Iceberg table properties. */
    public Table create(String database, String name, String location, Schema schema, PartitionSpec spec,
            Map<String, String> properties) {
        MetastoreTableOperations operations = new MetastoreTableOperations(metastore, io, database, name);
        operations.commit(null, TableMetadata.newTableMetadata(schema, spec, SortOrder.unsorted(), location, properties));
        return new BaseTable(operations, database + "." + name);
    }

    /** Appends the records in one commit: one data file per partition they fall in. */
    public List<DataFile> append(Table table, List<Record> records) {
        List<DataFile> files = writeDataFiles(table, records);
        AppendFiles append = table.newAppend();
        files.forEach(append::appendFile);
        append.commit();
        return files;
    }

    /** Writes the records as data files, one per partition, without committing them. */
    public List<DataFile> writeDataFiles(Table table, List<Record> records) {
        Map<PartitionKey, List<Record>> byPartition = new LinkedHashMap<>();
        InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
        for (Record record : records) {
            PartitionKey key = new PartitionKey(table.spec(), table.schema());
            key.partition(wrapper.wrap(record));
            byPartition.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
        }
        List<DataFile> files = new ArrayList<>();
        byPartition.forEach((key, rows) -> files.add(writeDataFile(table, key, rows)));
        return files;
    }

    private DataFile writeDataFile(Table table, StructLike partition, List<Record> rows) {
        OutputFile out = io.newOutputFile(location(table, partition, UUID.randomUUID() + ".parquet"));
        try {
            DataWriter<Record> writer = Parquet.writeData(out).forTable(table).withSpec(table.spec())
                    .withPartition(table.spec().isUnpartitioned() ? null : partition)
                    .createWriterFunc(GenericParquetWriter::create).overwrite().build();
            try (writer) {
                rows.forEach(writer::write);
            }
            return writer.toDataFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a new data file goes: under the partition's path, as Iceberg lays them out. */
    private static String location(Table table, StructLike partition, String fileName) {
        return table.spec().isUnpartitioned() ? table.locationProvider().newDataLocation(fileName)
                : table.locationProvider().newDataLocation(table.spec(), partition, fileName);
    }

    /**
     * Adds Parquet files already on S3 to the table in one commit, as Iceberg's {@code add_files}
     * and {@code migrate} procedures adopt the files of a Hive table: each with its partition
     * given as a Hive path ({@code country=FI}), and none of them rewritten, so they hold no
     * partition columns.
     */
    public List<DataFile> adopt(Table table, List<AdoptedFile> files) {
        AppendFiles append = table.newAppend();
        List<DataFile> adopted = new ArrayList<>();
        for (AdoptedFile f : files) {
            DataFiles.Builder file = DataFiles.builder(table.spec()).withPath(f.url()).withFormat(FileFormat.PARQUET)
                    .withFileSizeInBytes(f.size()).withRecordCount(f.rows());
            adopted.add((table.spec().isUnpartitioned() ? file : file.withPartitionPath(f.partitionPath())).build());
        }
        adopted.forEach(append::appendFile);
        append.commit();
        return adopted;
    }

    /** A Parquet file on S3 for {@link #adopt}, with its partition as a Hive path. */
    public record AdoptedFile(String url, String partitionPath, long size, long rows) {
    }

    /** Writes a position delete file that deletes rows of {@code file} and commits it. */
    public DeleteFile deleteRows(Table table, DataFile file, long... positions) {
        OutputFile out = io.newOutputFile(location(table, file.partition(), "deletes-" + UUID.randomUUID() + ".parquet"));
        try {
            // The file_path column's bounds kept in full, as engines' writers keep them.
            PositionDeleteWriter<Record> writer = Parquet.writeDeletes(out).withSpec(table.spec())
                    .metricsConfig(MetricsConfig.forPositionDelete(table))
                    .withPartition(table.spec().isUnpartitioned() ? null : file.partition())
                    .overwrite().buildPositionWriter();
            try (writer) {
                for (long position : positions) {
                    PositionDelete<Record> delete = PositionDelete.create();
                    writer.write(delete.set(file.location(), position, null));
                }
            }
            DeleteFile deletes = writer.toDeleteFile();
            table.newRowDelta().addDeletes(deletes).commit();
            return deletes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a deletion vector (a format 3 table's position deletes: a bitmap in a Puffin file)
     * that deletes rows of {@code file}, and commits it.
     */
    public DeleteFile deleteRowsWithVector(Table table, DataFile file, long... positions) {
        OutputFileFactory files = OutputFileFactory.builderFor(table, 1, 1).format(FileFormat.PUFFIN).build();
        BaseDVFileWriter writer = new BaseDVFileWriter(files, path -> null);
        try (writer) {
            for (long position : positions) {
                writer.delete(file.location(), position, table.spec(), file.partition());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DeleteFile vector = writer.result().deleteFiles().get(0);
        table.newRowDelta().addDeletes(vector).commit();
        return vector;
    }

    /**
     * Writes an equality delete file that deletes, in one partition, the rows whose {@code column}
     * has one of {@code values}, and commits it, as Flink's upserts and some engines' deletes do.
     */
    public DeleteFile deleteWhereEqual(Table table, StructLike partition, String column, Object... values) {
        Schema rowSchema = table.schema().select(column);
        OutputFile out = io.newOutputFile(location(table, partition, "eq-deletes-" + UUID.randomUUID() + ".parquet"));
        try {
            EqualityDeleteWriter<Record> writer = Parquet.writeDeletes(out).forTable(table).withSpec(table.spec())
                    .withPartition(table.spec().isUnpartitioned() ? null : partition).rowSchema(rowSchema)
                    .equalityFieldIds(table.schema().findField(column).fieldId())
                    .createWriterFunc(GenericParquetWriter::create).overwrite().buildEqualityWriter();
            try (writer) {
                for (Object value : values) {
                    Record row = GenericRecord.create(rowSchema);
                    row.setField(column, value);
                    writer.write(row);
                }
            }
            DeleteFile deletes = writer.toDeleteFile();
            table.newRowDelta().addDeletes(deletes).commit();
            return deletes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces data files with new ones holding {@code records}, in one commit, as a compaction
     * (Spark's {@code rewrite_data_files}) does: the new files take the sequence number of the
     * snapshot it started from, and the delete files stay, live, though those of the replaced
     * files now delete nothing.
     */
    public List<DataFile> compact(Table table, Set<DataFile> replaced, List<Record> records) {
        Snapshot starting = table.currentSnapshot();
        List<DataFile> written = writeDataFiles(table, records);
        table.newRewrite().validateFromSnapshot(starting.snapshotId()).rewriteFiles(replaced, Set.copyOf(written))
                .dataSequenceNumber(starting.sequenceNumber()).commit();
        return written;
    }

    @Override
    public void close() {
        io.close();
    }
}
