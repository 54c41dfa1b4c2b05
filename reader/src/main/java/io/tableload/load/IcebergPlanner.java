package io.tableload.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.BoundPartitionFilter;
import io.tableload.catalog.BoundPartitionFilter.ValueRange;
import io.tableload.catalog.Column;
import io.tableload.catalog.Partition;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.PartitionOrder;
import io.tableload.catalog.StorageFormat;
import io.tableload.catalog.Table;
import io.tableload.load.IcebergManifests.Content;
import io.tableload.load.IcebergManifests.Entry;
import io.tableload.load.IcebergManifests.FieldSummary;
import io.tableload.load.IcebergManifests.Manifest;
import io.tableload.load.IcebergMetadata.SpecField;
import io.tableload.s3.S3NotFoundException;
import io.tableload.s3.S3Session;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * Plans the load of an Iceberg table from its current snapshot: the metastore names the table's
 * metadata file, and the snapshot's manifests name its data files, their sizes and partitions.
 * Nothing is listed: the files Iceberg committed are the table, whatever else lies under its
 * location. A manifest whose partition ranges, as the manifest list gives them, leave no room
 * for the filter is not read.
 *
 * <p>Partition specs name Iceberg's partition fields ({@code country=FI}, {@code ts_day=2024-03-01},
 * {@code id_bucket=3}); files land under {@code <field>=<value>/} paths. A file's rows all have
 * its partition's value, so a spec selects rows exactly, as it does on a Hive table. Row-level
 * deletes that apply to a selected file ({@link IcebergDeletes}) are planned with it, for the load
 * to apply; so is, when columns or nested fields were renamed, how each file's columns become the
 * table's ({@link ColumnMapping}). Refused, with what to do instead: a spec on a field some files'
 * older partitioning lacks, deletes the load cannot apply, and a schema that gave a dropped nested
 * field's name to a new one.
 */
final class IcebergPlanner {
    /** Iceberg types whose partition values read back as the column's values. */
    private static final Set<String> SCALAR = Set.of("string", "int", "long", "date", "boolean", "double");
    private final S3Session s3;

    IcebergPlanner(S3Session s3) {
        this.s3 = s3;
    }

    /**
     * The plan of {@code version} of the table, for an extract with {@code where} when one is
     * given: the files its columns' bounds rule out are left out ({@link BoundsPruning}).
     */
    LoadPlan plan(Table registered, String metadataLocation, PartitionFilter filter, TableVersion version,
            Optional<String> where) {
        IcebergMetadata metadata = IcebergMetadata.parse(registered.ref().toString(), metadataLocation,
                metadataFile(registered, metadataLocation), version);
        metadata.nestedReused().ifPresent(reused -> {
            throw new TableloadException(ErrorCode.USAGE, "cannot load the Iceberg table " + registered.ref() + ": "
                    + reused + ", and tableload reads a dropped nested field's values by its name; load a copy"
                    + " written under the current schema");
        });
        List<Manifest> manifests = IcebergManifests.manifests(s3, metadata);
        List<Column> keys = partitionKeys(metadata, dataSpecIds(metadata, manifests));
        Table keyed = table(registered, metadata, keys, StorageFormat.PARQUET);
        BoundPartitionFilter bound = filter.bind(keyed);
        // Only the manifests whose partition ranges leave room for the filter are read.
        Map<Boolean, List<Manifest>> mayMatch = manifests.stream()
                .collect(Collectors.partitioningBy(m -> mayMatch(bound, metadata, m)));
        List<Entry> entries = IcebergManifests.entries(s3, mayMatch.get(true));
        Map<Entry, Map<String, String>> valuesByEntry = new IdentityHashMap<>();
        entries.forEach(e -> valuesByEntry.put(e, values(metadata, e)));
        Function<Entry, Map<String, String>> values = valuesByEntry::get;
        List<Entry> data = dataFiles(entries);
        requireKeysInEverySpec(registered, metadata, bound, data);
        List<Entry> selected = bound.select(data, values);
        if (selected.isEmpty()) {
            // The message names the partitions there are, so the manifests passed over are read now.
            List<Entry> all = new ArrayList<>(data);
            all.addAll(dataFiles(IcebergManifests.entries(s3, mayMatch.get(false))));
            if (all.isEmpty()) {
                String which = version instanceof TableVersion.Current ? "its current" : "that";
                throw new TableloadException(ErrorCode.NOTHING_MATCHED, "the Iceberg table " + registered.ref()
                        + " has no data files in " + which + " snapshot" + metadata.snapshot()
                        .map(s -> " (" + s.id() + ")").orElse(" (it has none: nothing was ever committed to it)"));
            }
            throw NothingMatched.noPartition(keyed, filter, partitions(all, e -> values(metadata, e), keys));
        }
        if (where.isPresent()) {
            Table viewed = table(registered, metadata, identityColumns(metadata, selected), StorageFormat.PARQUET);
            selected = BoundsPruning.prune(viewed, metadata.columns(), selected, where.get());
            if (selected.isEmpty()) { // the extract is empty, which is no error
                return new LoadPlan(table(registered, metadata, identityColumns(metadata, data), StorageFormat.PARQUET),
                        List.of(), List.of(), OptionalLong.of(metadata.snapshot().orElseThrow().id()));
            }
        }
        Map<Entry, List<RowDeletes>> deletes = deletesOf(registered, selected, entries, metadata, values);
        if (metadata.columnMapping().isPresent()) {
            requireParquet(registered, selected);
        }
        List<Partition> partitions = partitions(selected, values, keys);
        return new LoadPlan(table(registered, metadata, identityColumns(metadata, selected), partitions.get(0).format()),
                partitions, files(selected, values, partitions, deletes, metadata.columnMapping()),
                OptionalLong.of(metadata.snapshot().orElseThrow().id()));
    }

    /** The snapshots the table's metadata keeps, oldest first. */
    List<TableSnapshot> snapshots(Table registered, String metadataLocation) {
        return IcebergMetadata.snapshots(metadataLocation, metadataFile(registered, metadataLocation));
    }

    /**
     * The table with its current schema's columns and, as partition keys, the partition fields of
     * its current snapshot's data files (of every spec the metadata has, when it has no snapshot).
     */
    Table table(Table registered, String metadataLocation) {
        IcebergMetadata metadata = IcebergMetadata.parse(registered.ref().toString(), metadataLocation,
                metadataFile(registered, metadataLocation), TableVersion.current());
        List<Integer> specIds = metadata.snapshot().isEmpty() ? List.copyOf(metadata.specs().keySet())
                : dataSpecIds(metadata, IcebergManifests.manifests(s3, metadata));
        return table(registered, metadata, partitionKeys(metadata, specIds), registered.format());
    }

    /**
     * The metadata file's JSON: gunzipped when the table writes it compressed
     * ({@code write.metadata.compression-codec=gzip}, as {@code *.gz.metadata.json}).
     */
    private byte[] metadataFile(Table registered, String url) {
        byte[] bytes;
        try {
            bytes = s3.get(IcebergManifests.s3Url(url)).bytes();
        } catch (S3NotFoundException e) {
            throw new TableloadException(ErrorCode.NOT_FOUND, "the metadata file of the Iceberg table "
                    + registered.ref() + " that the metastore names is missing: " + e.getMessage(), e);
        }
        if (bytes.length < 2 || (bytes[0] & 0xff) != 0x1f || (bytes[1] & 0xff) != 0x8b) {
            return bytes;
        }
        try (GZIPInputStream gunzipped = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return gunzipped.readAllBytes();
        } catch (IOException e) {
            throw new TableloadException(ErrorCode.USAGE, "cannot read the metadata file " + url + " of the Iceberg"
                    + " table " + registered.ref() + ": it is gzip-compressed but does not uncompress ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * The table with the current schema's columns, Hive type names, and {@code keys} as its
     * partition keys; a column that is a key is a key only, as in a Hive table.
     */
    private static Table table(Table registered, IcebergMetadata metadata, List<Column> keys, StorageFormat format) {
        Set<String> keyNames = new HashSet<>();
        keys.forEach(k -> keyNames.add(k.name().toLowerCase(Locale.ROOT)));
        List<Column> columns = metadata.columns().stream()
                .filter(f -> !keyNames.contains(f.name().toLowerCase(Locale.ROOT)))
                .map(f -> new Column(f.name(), IcebergTypes.hiveType(f.type()))).toList();
        return new Table(registered.ref(), columns, keys, registered.location(), format, registered.tableType(),
                registered.parameters());
    }

    /**
     * The columns whose values the partitions give: top-level scalar columns with an identity
     * partition field of their own name in the spec of every selected file. Loads take them from
     * the partition values, as for a Hive table. Iceberg writes them into the data files too, with
     * the same value; files a table adopted from Hive ({@code migrate}, {@code add_files}) do not
     * hold them at all, and Iceberg's readers fill them in from the partition, as this does.
     */
    private static List<Column> identityColumns(IcebergMetadata metadata, List<Entry> selected) {
        Map<Integer, IcebergMetadata.Field> topLevel = new HashMap<>();
        metadata.columns().forEach(f -> topLevel.put(f.id(), f));
        List<Column> keys = new ArrayList<>();
        List<Integer> specIds = selected.stream().map(Entry::specId).distinct().toList();
        for (SpecField field : metadata.spec(specIds.get(0))) {
            IcebergMetadata.Field source = topLevel.get(field.sourceId());
            boolean identity = field.transform().equalsIgnoreCase("identity") && source != null
                    && source.name().equalsIgnoreCase(field.name()) && (SCALAR.contains(source.type().asText())
                    || source.type().asText().startsWith("decimal("));
            boolean inEverySpec = specIds.stream().allMatch(id -> metadata.spec(id).stream()
                    .anyMatch(f -> f.name().equals(field.name()) && f.transform().equalsIgnoreCase("identity")));
            if (identity && inEverySpec) {
                keys.add(new Column(field.name(), IcebergTypes.partitionType(field.transform(), source.type())));
            }
        }
        return keys;
    }

    /** The partition fields of these specs, newest spec first, typed as Hive keys. */
    private static List<Column> partitionKeys(IcebergMetadata metadata, List<Integer> specIds) {
        Map<String, Column> keys = new LinkedHashMap<>();
        for (int specId : specIds.stream().sorted(Comparator.reverseOrder()).toList()) {
            for (SpecField field : metadata.spec(specId)) {
                if (!field.transform().equalsIgnoreCase("void")) {
                    keys.putIfAbsent(field.name().toLowerCase(Locale.ROOT), new Column(field.name(),
                            IcebergTypes.partitionType(field.transform(), metadata.types().get(field.sourceId()))));
                }
            }
        }
        return List.copyOf(keys.values());
    }

    /**
     * The specs the data files were written with, as their manifests say; every spec of the
     * table when a manifest does not say (early format 1 snapshots).
     */
    private static List<Integer> dataSpecIds(IcebergMetadata metadata, List<Manifest> manifests) {
        if (manifests.stream().anyMatch(m -> m.specId() < 0)) {
            return List.copyOf(metadata.specs().keySet());
        }
        return manifests.stream().filter(m -> !m.deletes()).map(Manifest::specId).distinct().toList();
    }

    /**
     * Whether some file of the manifest may be in a partition the filter selects, by the ranges
     * of partition values its manifest list gives; true when those are not known.
     */
    private static boolean mayMatch(BoundPartitionFilter bound, IcebergMetadata metadata, Manifest manifest) {
        if (bound.isAll() || manifest.specId() < 0 || manifest.partitions().isEmpty()) {
            return true;
        }
        List<SpecField> spec = metadata.spec(manifest.specId());
        if (spec.size() != manifest.partitions().size()) {
            return true;
        }
        Map<String, ValueRange> ranges = new HashMap<>();
        for (int i = 0; i < spec.size(); i++) {
            SpecField field = spec.get(i);
            FieldSummary summary = manifest.partitions().get(i);
            if (field.transform().equalsIgnoreCase("void")) {
                continue; // not a partition key
            }
            if (summary.lower() == null || summary.upper() == null) {
                if (summary.containsNull()) { // no bounds, and NULLs: NULLs only
                    ranges.put(field.name(), new ValueRange(null, null, true));
                }
                continue;
            }
            JsonNode source = metadata.types().get(field.sourceId());
            Optional<String> lower = IcebergTypes.boundText(summary.lower(), field.transform(), source);
            Optional<String> upper = IcebergTypes.boundText(summary.upper(), field.transform(), source);
            if (lower.isPresent() && upper.isPresent()) {
                ranges.put(field.name(), new ValueRange(lower.get(), upper.get(), summary.containsNull()));
            }
        }
        return bound.mayMatch(ranges);
    }

    private static List<Entry> dataFiles(List<Entry> entries) {
        return entries.stream().filter(e -> e.content() == Content.DATA).toList();
    }

    private static void requireKeysInEverySpec(Table registered, IcebergMetadata metadata, BoundPartitionFilter bound,
            List<Entry> data) {
        for (Entry e : data) {
            Set<String> fields = new HashSet<>();
            metadata.spec(e.specId()).forEach(f -> fields.add(f.name().toLowerCase(Locale.ROOT)));
            for (String key : bound.keysUsed()) {
                if (!fields.contains(key.toLowerCase(Locale.ROOT))) {
                    throw new TableloadException(ErrorCode.USAGE, "cannot select partitions of the Iceberg table "
                            + registered.ref() + " by " + key + ": some of its data files were written under a"
                            + " partitioning without that field (spec " + e.specId() + ", such as " + e.path()
                            + "), so their rows cannot be told apart by it; select them with --where on the"
                            + " column it comes from instead");
                }
            }
        }
    }

    /** A data file's partition values by field name, as text ({@link IcebergTypes#partitionText}). */
    private static Map<String, String> values(IcebergMetadata metadata, Entry e) {
        Map<String, String> values = new LinkedHashMap<>();
        for (SpecField field : metadata.spec(e.specId())) {
            if (!field.transform().equalsIgnoreCase("void")) {
                values.put(field.name(), IcebergTypes.partitionText(e.partition().get(field.fieldId()),
                        field.transform(), metadata.types().get(field.sourceId())));
            }
        }
        return values;
    }

    /**
     * The row-level deletes of each selected data file that has some ({@link IcebergDeletes}),
     * which the load applies. A deletion vector replaces the position delete files of its data
     * file: format 3 writers fold those into it. Refused: deletes the load cannot apply, in ORC or
     * Avro files, on ORC or Avro data files, or by a nested column.
     */
    private static Map<Entry, List<RowDeletes>> deletesOf(Table registered, List<Entry> selected, List<Entry> entries,
            IcebergMetadata metadata, Function<Entry, Map<String, String>> values) {
        List<Entry> deletes = entries.stream().filter(e -> e.content() != Content.DATA).toList();
        Map<Entry, List<Entry>> applying = IcebergDeletes.applying(selected, deletes,
                specId -> metadata.spec(specId).isEmpty(), values);
        Map<Integer, String> columnNames = new HashMap<>();
        metadata.columns().forEach(f -> columnNames.put(f.id(), f.name()));
        Map<Entry, List<RowDeletes>> deletesOf = new IdentityHashMap<>();
        applying.forEach((data, applied) -> {
            boolean vector = applied.stream().anyMatch(Entry::isDeletionVector);
            List<RowDeletes> rowDeletes = new ArrayList<>();
            for (Entry delete : applied) {
                unsupported(data, delete, columnNames).ifPresent(why -> {
                    throw new TableloadException(ErrorCode.USAGE, "cannot load the Iceberg table " + registered.ref()
                            + " as selected: " + why + "; tableload applies row-level deletes to Parquet data files"
                            + " only, from Parquet delete files and deletion vectors. Compact the table (Spark's"
                            + " rewrite_data_files procedure) so that no data file has deletes, select partitions"
                            + " without them, or read it through an engine that applies them");
                });
                String url = IcebergManifests.s3Url(delete.path());
                if (delete.isDeletionVector()) {
                    rowDeletes.add(RowDeletes.deletionVector(url, delete.size(), delete.contentOffset(),
                            delete.contentSize()));
                } else if (delete.content() == Content.EQUALITY_DELETES) {
                    rowDeletes.add(RowDeletes.equality(url, delete.size(),
                            delete.equalityIds().stream().map(columnNames::get).toList()));
                } else if (!vector) {
                    rowDeletes.add(RowDeletes.positions(url, delete.size(), data.path()));
                }
            }
            deletesOf.put(data, rowDeletes);
        });
        return deletesOf;
    }

    /**
     * Refuses data files other than Parquet where the table's columns were renamed: tableload
     * matches their columns to the table's by the field ids of Parquet files only.
     */
    private static void requireParquet(Table registered, List<Entry> selected) {
        selected.stream().filter(e -> !e.format().equalsIgnoreCase("PARQUET")).findFirst().ifPresent(e -> {
            throw new TableloadException(ErrorCode.USAGE, "cannot load the Iceberg table " + registered.ref()
                    + " as selected: its columns were renamed, and its " + e.format() + " data file " + e.path()
                    + " cannot be matched to the current names (tableload matches Parquet files' columns by their"
                    + " field ids); select partitions of Parquet files only, or load a copy written under the"
                    + " current names");
        });
    }

    /** Why the load cannot apply {@code delete} to {@code data}, if it cannot. */
    private static Optional<String> unsupported(Entry data, Entry delete, Map<Integer, String> columnNames) {
        if (!data.format().equalsIgnoreCase("PARQUET")) {
            return Optional.of("its " + data.format() + " data file " + data.path() + " has deletes");
        }
        if (delete.isDeletionVector() && (delete.contentOffset() < 0 || delete.contentSize() < 0)) {
            return Optional.of("the deletion vector " + delete.path() + " has no offset and length in its manifest");
        }
        if (!delete.isDeletionVector() && !delete.format().equalsIgnoreCase("PARQUET")) {
            return Optional.of("deletes of its data file " + data.path() + " are in a " + delete.format() + " file ("
                    + delete.path() + ")");
        }
        if (delete.equalityIds().stream().anyMatch(id -> !columnNames.containsKey(id))) {
            return Optional.of("the equality deletes " + delete.path() + " name rows by a nested column");
        }
        return Optional.empty();
    }

    /** The distinct partitions of {@code entries}, in the order of their typed values. */
    private static List<Partition> partitions(List<Entry> entries, Function<Entry, Map<String, String>> values,
            List<Column> keys) {
        Map<Map<String, String>, Partition> partitions = new LinkedHashMap<>();
        for (Entry e : entries) {
            String url = IcebergManifests.s3Url(e.path());
            partitions.computeIfAbsent(values.apply(e),
                    v -> Partition.of(v, url.substring(0, url.lastIndexOf('/')), format(e)));
        }
        return partitions.values().stream().sorted(PartitionOrder.of(keys)).toList();
    }

    /**
     * The planned files, partition by partition, each landing at {@code <partition path>/<file
     * name>}; Iceberg names its files uniquely, and a name that still repeats gets a number.
     */
    private static List<PlannedFile> files(List<Entry> selected, Function<Entry, Map<String, String>> values,
            List<Partition> partitions, Map<Entry, List<RowDeletes>> deletes, Optional<ColumnMapping> columnMapping) {
        Map<Map<String, String>, List<Entry>> byPartition = new LinkedHashMap<>();
        partitions.forEach(p -> byPartition.put(p.values(), new ArrayList<>()));
        selected.forEach(e -> byPartition.get(values.apply(e)).add(e));
        Set<String> taken = new HashSet<>();
        List<PlannedFile> files = new ArrayList<>();
        for (Partition p : partitions) {
            List<Entry> inPartition = byPartition.get(p.values());
            inPartition.sort(Comparator.comparing(Entry::path));
            for (Entry e : inPartition) {
                String url = IcebergManifests.s3Url(e.path());
                String name = url.substring(url.lastIndexOf('/') + 1);
                String path = p.path().isEmpty() ? name : p.path() + "/" + name;
                for (int n = 2; !taken.add(path); n++) {
                    path = (p.path().isEmpty() ? "" : p.path() + "/") + n + "-" + name;
                }
                files.add(new PlannedFile(url, path, e.size(), p.values(), deletes.getOrDefault(e, List.of()),
                        columnMapping));
            }
        }
        return files;
    }

    private static StorageFormat format(Entry e) {
        return switch (e.format().toUpperCase(Locale.ROOT)) {
            case "PARQUET" -> StorageFormat.PARQUET;
            case "ORC" -> StorageFormat.ORC;
            case "AVRO" -> StorageFormat.AVRO;
            default -> StorageFormat.OTHER;
        };
    }
}
