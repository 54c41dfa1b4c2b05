package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.GetOptions;
import io.tableload.s3.S3NotFoundException;
import io.tableload.s3.S3Object;
import io.tableload.s3.S3Session;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads the files of an Iceberg snapshot from its manifest list and manifests (Avro files, fetched
 * into memory all at once): every live entry, data files and delete files alike. Entries a
 * snapshot deleted are left out; they are history, not rows.
 */
final class IcebergManifests {
    /** A manifest entry's status: 2 is DELETED (0 EXISTING, 1 ADDED). */
    private static final int DELETED = 2;

    /** What a manifest entry's file holds. */
    enum Content { DATA, POSITION_DELETES, EQUALITY_DELETES }

    /**
     * One live file of the snapshot.
     *
     * @param partition the raw partition values by partition field id, as the manifest stores them
     */
    record Entry(Content content, String path, String format, long size, int specId,
            Map<Integer, Object> partition) {
    }

    private IcebergManifests() {
    }

    /** The live files of the metadata's current snapshot; none for a table without one. */
    static List<Entry> entries(S3Session s3, IcebergMetadata metadata) {
        if (metadata.snapshot().isEmpty()) {
            return List.of();
        }
        IcebergMetadata.Snapshot snapshot = metadata.snapshot().get();
        List<String> manifests = snapshot.manifests();
        if (snapshot.manifestList().isPresent()) {
            manifests = new ArrayList<>();
            for (GenericRecord m : records(fetch(s3, List.of(snapshot.manifestList().get()), "manifest list").get(0))) {
                manifests.add(m.get("manifest_path").toString());
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (S3Object manifest : fetch(s3, manifests, "manifest")) {
            entries.addAll(live(manifest));
        }
        return entries;
    }

    private static List<Entry> live(S3Object manifest) {
        List<Entry> entries = new ArrayList<>();
        try (DataFileStream<GenericRecord> stream = open(manifest)) {
            // The partition spec the entries were written with is in the Avro file's metadata.
            String spec = stream.getMetaString("partition-spec-id");
            int specId = spec == null ? 0 : Integer.parseInt(spec.trim());
            for (GenericRecord entry : stream) {
                if (((Number) entry.get("status")).intValue() != DELETED) {
                    entries.add(entry((GenericRecord) entry.get("data_file"), specId));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw unreadable(manifest, e);
        }
        return entries;
    }

    private static Entry entry(GenericRecord file, int specId) {
        Object content = file.hasField("content") ? file.get("content") : null; // format 1 has data files only
        Map<Integer, Object> partition = new LinkedHashMap<>();
        GenericRecord values = (GenericRecord) file.get("partition");
        if (values != null) {
            for (Schema.Field field : values.getSchema().getFields()) {
                Object id = field.getObjectProp("field-id");
                partition.put(id instanceof Number n ? n.intValue() : 1000 + field.pos(), values.get(field.pos()));
            }
        }
        return new Entry(Content.values()[content == null ? 0 : ((Number) content).intValue()],
                file.get("file_path").toString(), file.get("file_format").toString(),
                ((Number) file.get("file_size_in_bytes")).longValue(), specId, partition);
    }

    private static List<GenericRecord> records(S3Object avroFile) {
        List<GenericRecord> records = new ArrayList<>();
        try (DataFileStream<GenericRecord> stream = open(avroFile)) {
            stream.forEach(records::add);
        } catch (IOException | RuntimeException e) {
            throw unreadable(avroFile, e);
        }
        return records;
    }

    private static DataFileStream<GenericRecord> open(S3Object avroFile) throws IOException {
        return new DataFileStream<>(new ByteArrayInputStream(avroFile.bytes()), new GenericDatumReader<>());
    }

    private static List<S3Object> fetch(S3Session s3, List<String> urls, String what) {
        List<String> normalized = urls.stream().map(IcebergManifests::s3Url).toList();
        try {
            return s3.getMany(normalized, GetOptions.defaults());
        } catch (S3NotFoundException e) {
            throw new TableloadException(ErrorCode.NOT_FOUND, "an Iceberg " + what + " of the table's current snapshot"
                    + " is missing: " + e.getMessage() + "; the table's files were removed without its metadata", e);
        }
    }

    /** An Iceberg file path as an {@code s3://} URL; Hadoop's {@code s3a://} and {@code s3n://} name the same objects. */
    static String s3Url(String path) {
        String normalized = io.tableload.catalog.Locations.normalize(path);
        if (!normalized.startsWith("s3://")) {
            throw new TableloadException(ErrorCode.USAGE, "the Iceberg table's file " + path
                    + " is not on S3; tableload loads from S3 (s3://, s3a://, s3n://) only");
        }
        return normalized;
    }

    private static TableloadException unreadable(S3Object file, Exception e) {
        return new TableloadException(ErrorCode.USAGE, "cannot read the Iceberg manifest file " + file.url()
                + ": " + e.getMessage(), e);
    }
}
