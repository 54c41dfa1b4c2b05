package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.GetOptions;
import io.tableload.s3.S3NotFoundException;
import io.tableload.s3.S3Object;
import io.tableload.s3.S3Session;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads the files of an Iceberg snapshot from its manifest list and manifests (Avro files, fetched
 * into memory): the manifests and what the list says of them, then every live entry of the
 * manifests asked for, data files and delete files alike. Entries a snapshot deleted are left
 * out; they are history, not rows.
 */
final class IcebergManifests {
    /** A manifest entry's status: 2 is DELETED (0 EXISTING, 1 ADDED). */
    private static final int DELETED = 2;
    /** The field id Iceberg reserves for a position delete file's {@code file_path} column. */
    private static final int FILE_PATH_FIELD_ID = Integer.MAX_VALUE - 101;

    /** What a manifest entry's file holds. */
    enum Content { DATA, POSITION_DELETES, EQUALITY_DELETES }

    /**
     * One live file of the snapshot.
     *
     * @param path the file's path as the manifest gives it, which is what position deletes name
     * @param partition the raw partition values by partition field id, as the manifest stores them
     * @param sequenceNumber the file's data sequence number, which orders data files and the
     *     deletes that may apply to them (0 in format 1, which has no deletes)
     * @param referenced for a position delete file, the data file paths it names lie between
     *     these two (a single one for a deletion vector); empty when the manifest does not say
     * @param equalityIds for an equality delete file, the field ids of the columns whose values
     *     delete rows; empty otherwise
     * @param contentOffset for a deletion vector, where in its Puffin file it starts; -1 otherwise
     * @param contentSize for a deletion vector, its length in bytes; -1 otherwise
     * @param lowerBounds the least value of each column the manifest keeps one for, by field id,
     *     in Iceberg's single-value binary form (nulls and NaN aside; a string's may be cut short,
     *     still no greater than its least value)
     * @param upperBounds the greatest values likewise (a string's cut short is no less than its
     *     greatest value)
     */
    record Entry(Content content, String path, String format, long size, int specId,
            Map<Integer, Object> partition, long sequenceNumber, Optional<PathRange> referenced,
            List<Integer> equalityIds, long contentOffset, long contentSize, Map<Integer, ByteBuffer> lowerBounds,
            Map<Integer, ByteBuffer> upperBounds) {
        /** Whether this is a deletion vector, a format 3 table's position deletes of one data file. */
        boolean isDeletionVector() {
            return content == Content.POSITION_DELETES && format.equalsIgnoreCase("PUFFIN");
        }
    }

    /** The paths from {@code first} to {@code last}, both included, in the byte order of their UTF-8. */
    record PathRange(String first, String last) {
        boolean covers(String path) {
            byte[] p = path.getBytes(StandardCharsets.UTF_8);
            return Arrays.compareUnsigned(first.getBytes(StandardCharsets.UTF_8), p) <= 0
                    && Arrays.compareUnsigned(p, last.getBytes(StandardCharsets.UTF_8)) <= 0;
        }
    }

    private IcebergManifests() {
    }

    /**
     * A manifest as the snapshot names it.
     *
     * @param specId the partition spec its files were written with; -1 when unknown until it is
     *     read (early format 1 snapshots, which list their manifests inline)
     * @param sequenceNumber its sequence number, which its newly added files take as theirs
     * @param deletes whether it lists delete files rather than data files
     * @param partitions per partition field of its spec, in order, the range of its files'
     *     values; empty when not known
     */
    record Manifest(String path, int specId, long sequenceNumber, boolean deletes, List<FieldSummary> partitions) {
    }

    /**
     * The values a manifest's files have for one partition field, as its manifest list sums them
     * up: {@code lower} and {@code upper} in Iceberg's single-value binary form (null when the
     * list does not give them: the values are all NULL, or unknown), and whether some are NULL.
     */
    record FieldSummary(boolean containsNull, ByteBuffer lower, ByteBuffer upper) {
    }

    /** The manifests of the metadata's snapshot, from its manifest list; none for a table without one. */
    static List<Manifest> manifests(S3Session s3, IcebergMetadata metadata) {
        if (metadata.snapshot().isEmpty()) {
            return List.of();
        }
        IcebergMetadata.Snapshot snapshot = metadata.snapshot().get();
        if (snapshot.manifestList().isEmpty()) {
            return snapshot.manifests().stream().map(path -> new Manifest(path, -1, 0, false, List.of())).toList();
        }
        List<Manifest> manifests = new ArrayList<>();
        for (GenericRecord m : records(fetch(s3, List.of(snapshot.manifestList().get()), "manifest list").get(0))) {
            List<FieldSummary> partitions = new ArrayList<>();
            if (m.hasField("partitions") && m.get("partitions") instanceof Collection<?> summaries) {
                for (Object summary : summaries) {
                    GenericRecord field = (GenericRecord) summary;
                    partitions.add(new FieldSummary(Boolean.TRUE.equals(field.get("contains_null")),
                            (ByteBuffer) field.get("lower_bound"), (ByteBuffer) field.get("upper_bound")));
                }
            }
            manifests.add(new Manifest(m.get("manifest_path").toString(),
                    m.hasField("partition_spec_id") ? ((Number) m.get("partition_spec_id")).intValue() : -1,
                    m.hasField("sequence_number") ? ((Number) m.get("sequence_number")).longValue() : 0L,
                    m.hasField("content") && ((Number) m.get("content")).intValue() == 1, partitions));
        }
        return manifests;
    }

    /** The live files of {@code manifests}, read side by side. */
    static List<Entry> entries(S3Session s3, List<Manifest> manifests) {
        List<Entry> entries = new ArrayList<>();
        List<S3Object> fetched = fetch(s3, manifests.stream().map(Manifest::path).toList(), "manifest");
        for (int i = 0; i < fetched.size(); i++) {
            entries.addAll(live(fetched.get(i), manifests.get(i).sequenceNumber()));
        }
        return entries;
    }

    /** The live entries of a manifest whose own sequence number is {@code manifestSequenceNumber}. */
    private static List<Entry> live(S3Object manifest, long manifestSequenceNumber) {
        List<Entry> entries = new ArrayList<>();
        try (DataFileStream<GenericRecord> stream = open(manifest)) {
            // The partition spec the entries were written with is in the Avro file's metadata.
            String spec = stream.getMetaString("partition-spec-id");
            int specId = spec == null ? 0 : Integer.parseInt(spec.trim());
            for (GenericRecord entry : stream) {
                if (((Number) entry.get("status")).intValue() != DELETED) {
                    // A file added in this manifest's commit leaves its sequence number out: it is the manifest's.
                    Object sequenceNumber = entry.hasField("sequence_number") ? entry.get("sequence_number") : null;
                    entries.add(entry((GenericRecord) entry.get("data_file"), specId,
                            sequenceNumber == null ? manifestSequenceNumber : ((Number) sequenceNumber).longValue()));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw unreadable(manifest, e);
        }
        return entries;
    }

    private static Entry entry(GenericRecord file, int specId, long sequenceNumber) {
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
                ((Number) file.get("file_size_in_bytes")).longValue(), specId, partition, sequenceNumber,
                referenced(file), equalityIds(file), longOr(file, "content_offset", -1),
                longOr(file, "content_size_in_bytes", -1), bounds(file, "lower_bounds"), bounds(file, "upper_bounds"));
    }

    /**
     * A data file's column bounds (a map Avro holds as an array of key and value records, its
     * maps taking string keys only), by field id; none for a delete file.
     */
    private static Map<Integer, ByteBuffer> bounds(GenericRecord file, String bounds) {
        Object content = file.hasField("content") ? file.get("content") : null;
        Object map = file.hasField(bounds) ? file.get(bounds) : null;
        if (content instanceof Number n && n.intValue() != 0 || !(map instanceof Collection<?> pairs)) {
            return Map.of();
        }
        Map<Integer, ByteBuffer> byId = new HashMap<>();
        for (Object pair : pairs) {
            if (pair instanceof GenericRecord kv && kv.get("key") instanceof Number key
                    && kv.get("value") instanceof ByteBuffer value) {
                byId.put(key.intValue(), value);
            }
        }
        return byId;
    }

    private static long longOr(GenericRecord file, String field, long absent) {
        Object value = file.hasField(field) ? file.get(field) : null;
        return value instanceof Number n ? n.longValue() : absent;
    }

    private static List<Integer> equalityIds(GenericRecord file) {
        Object ids = file.hasField("equality_ids") ? file.get("equality_ids") : null;
        List<Integer> equalityIds = new ArrayList<>();
        if (ids instanceof Collection<?> list) {
            list.forEach(id -> equalityIds.add(((Number) id).intValue()));
        }
        return List.copyOf(equalityIds);
    }

    /**
     * The data files a position delete file names: its {@code referenced_data_file} (format 3),
     * else the bounds of its {@code file_path} column, which Iceberg's writers keep in full.
     */
    private static Optional<PathRange> referenced(GenericRecord file) {
        Object single = file.hasField("referenced_data_file") ? file.get("referenced_data_file") : null;
        if (single != null) {
            return Optional.of(new PathRange(single.toString(), single.toString()));
        }
        Optional<String> lower = bound(file, "lower_bounds");
        Optional<String> upper = bound(file, "upper_bounds");
        return lower.isPresent() && upper.isPresent() ? Optional.of(new PathRange(lower.get(), upper.get()))
                : Optional.empty();
    }

    /**
     * The bound of the position delete's {@code file_path} column in a map of column bounds,
     * which Avro holds as an array of key and value records (its maps take string keys only).
     */
    private static Optional<String> bound(GenericRecord file, String bounds) {
        Object map = file.hasField(bounds) ? file.get(bounds) : null;
        if (map instanceof Collection<?> pairs) {
            for (Object pair : pairs) {
                if (pair instanceof GenericRecord kv && kv.get("key") instanceof Number key
                        && key.intValue() == FILE_PATH_FIELD_ID && kv.get("value") instanceof ByteBuffer value) {
                    ByteBuffer bytes = value.duplicate();
                    byte[] utf8 = new byte[bytes.remaining()];
                    bytes.get(utf8);
                    return Optional.of(new String(utf8, StandardCharsets.UTF_8));
                }
            }
        }
        return Optional.empty();
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
