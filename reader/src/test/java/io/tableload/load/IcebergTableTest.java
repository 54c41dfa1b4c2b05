package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.MetastoreSettings;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.TableRef;
import io.tableload.s3.Destination;
import io.tableload.s3.PutOptions;
import io.tableload.s3.S3Credentials;
import io.tableload.s3.S3Session;
import io.tableload.s3.S3Settings;
import io.tableload.sandbox.Directories;
import io.tableload.sandbox.hms.HiveMetastoreExtension;
import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.iceberg.IcebergTables;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.math.BigDecimal;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads Iceberg tables written by Iceberg's own library to the sandbox S3 server and registered in
 * the sandbox metastore as Iceberg's Hive catalog registers them.
 */
@ExtendWith({S3ServerExtension.class, HiveMetastoreExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IcebergTableTest {
    private static final String DB = "iceberg_test";
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "country", Types.StringType.get()),
            Types.NestedField.optional(3, "ts", Types.TimestampType.withoutZone()),
            Types.NestedField.optional(4, "amount", Types.DecimalType.of(12, 2)));
    private static final PartitionSpec BY_COUNTRY_AND_DAY = PartitionSpec.builderFor(SCHEMA)
            .identity("country").day("ts").build();

    private String bucket;
    private S3Settings s3Settings;
    private HiveTestData metastore;
    private IcebergTables iceberg;
    private TableLoader loader;

    @BeforeAll
    void open(S3Server s3, HiveMetastoreSandbox hms) {
        bucket = s3.createUniqueBucket("iceberg");
        s3Settings = S3Settings.defaults().withEndpoint(s3.endpoint()).withRegion(s3.region()).withPathStyle(true)
                .withCredentials(S3Credentials.of(s3.accessKey(), s3.secretKey()));
        metastore = HiveTestData.connect(hms.uri());
        metastore.createDatabase(DB);
        iceberg = new IcebergTables(metastore, s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey());
        loader = TableLoader.open(MetastoreSettings.of(List.of(URI.create(hms.uri()))), s3Settings);
    }

    @AfterAll
    void close() {
        loader.close();
        iceberg.close();
        metastore.close();
    }

    private Table create(String name, Schema schema, PartitionSpec spec) {
        return iceberg.create(DB, name, "s3://" + bucket + "/warehouse/" + name, schema, spec);
    }

    /** A table partitioned by country, in that Iceberg format version. */
    private Table createByCountry(String name, int formatVersion) {
        return iceberg.create(DB, name, "s3://" + bucket + "/warehouse/" + name, SCHEMA,
                PartitionSpec.builderFor(SCHEMA).identity("country").build(),
                Map.of("format-version", String.valueOf(formatVersion)));
    }

    /** Ten Finnish sales (ids 0 to 9), then {@code swedish} Swedish ones (ids from 10), all on one day. */
    private static List<Record> finnishThenSwedishSales(int swedish) {
        List<Record> rows = new ArrayList<>(sales("FI", "2024-03-01", 0, 10));
        rows.addAll(sales("SE", "2024-03-01", 10, swedish));
        return rows;
    }

    private static Record sale(long id, String country, String ts, String amount) {
        Record r = org.apache.iceberg.data.GenericRecord.create(SCHEMA);
        r.setField("id", id);
        r.setField("country", country);
        r.setField("ts", LocalDateTime.parse(ts));
        r.setField("amount", new BigDecimal(amount));
        return r;
    }

    private static List<Record> sales(String country, String day, int from, int count) {
        List<Record> rows = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            rows.add(sale(i, country, day + "T" + String.format("%02d", i % 24) + ":00:00", i + ".25"));
        }
        return rows;
    }

    private static TableRef ref(String name) {
        return TableRef.parse(DB + "." + name);
    }

    @Test
    void loadsTheFilesOfTheCurrentSnapshotWithTheirRowsAndLaysThemOutByPartition() {
        Table table = create("sales", SCHEMA, BY_COUNTRY_AND_DAY);
        iceberg.append(table, sales("FI", "2024-03-01", 0, 100));
        List<Record> more = new ArrayList<>(sales("FI", "2024-03-02", 100, 50));
        more.addAll(sales("SE", "2024-03-01", 200, 30));
        iceberg.append(table, more);

        try (LoadedTable loaded = loader.load(ref("sales"), PartitionFilter.all())) {
            assertThat(loaded.plan().table().columns()).extracting(c -> c.name() + " " + c.type())
                    .containsExactly("id bigint", "ts timestamp", "amount decimal(12,2)");
            assertThat(loaded.plan().table().partitionKeys()).extracting(c -> c.name() + " " + c.type())
                    .containsExactly("country string");
            assertThat(loaded.plan().partitions()).extracting(p -> p.path())
                    .containsExactly("country=FI/ts_day=2024-03-01", "country=FI/ts_day=2024-03-02",
                            "country=SE/ts_day=2024-03-01");
            assertThat(loaded.files()).extracting(f -> loaded.directory().relativize(f.path()).toString())
                    .allMatch(p -> p.matches("country=(FI|SE)/ts_day=2024-03-0[12]/[^/]+\\.parquet"));
            assertThat(loaded.query("SELECT country, count(*), sum(amount), min(id), max(ts) FROM sales"
                    + " GROUP BY 1 ORDER BY 1").rows()).containsExactly(
                    List.of("FI", 150L, new BigDecimal("11212.50"), 0L, LocalDateTime.parse("2024-03-02T23:00")),
                    List.of("SE", 30L, new BigDecimal("6442.50"), 200L, LocalDateTime.parse("2024-03-01T23:00")));
        }
    }

    @Test
    void aPartitionSpecSelectsByIcebergPartitionFieldsIdentityAndTransformed() {
        Table table = create("sales_by_day", SCHEMA, BY_COUNTRY_AND_DAY);
        List<Record> rows = new ArrayList<>(sales("FI", "2024-03-01", 0, 10));
        rows.addAll(sales("FI", "2024-03-02", 10, 20));
        rows.addAll(sales("SE", "2024-03-02", 30, 40));
        iceberg.append(table, rows);

        LoadPlan fi = loader.plan(ref("sales_by_day"), PartitionFilter.parse("country=FI"));
        assertThat(fi.partitions()).extracting(p -> p.values())
                .containsExactly(Map.of("country", "FI", "ts_day", "2024-03-01"), Map.of("country", "FI", "ts_day", "2024-03-02"));
        LoadPlan day = loader.plan(ref("sales_by_day"), PartitionFilter.parse("ts_day>=2024-03-02"));
        assertThat(day.partitions()).extracting(p -> p.values().get("country")).containsExactly("FI", "SE");
        LoadPlan latest = loader.plan(ref("sales_by_day"), PartitionFilter.parse("country=FI,ts_day is latest"));
        try (LoadedTable loaded = loader.load(latest, LoadOptions.temporary())) {
            assertThat(loaded.query("SELECT count(*), min(id) FROM sales_by_day").rows()).containsExactly(List.of(20L, 10L));
        }
        assertThatThrownBy(() -> loader.plan(ref("sales_by_day"), PartitionFilter.parse("country=NO")))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOTHING_MATCHED))
                .hasMessageContaining("country has FI, SE");
        assertThatThrownBy(() -> loader.plan(ref("sales_by_day"), PartitionFilter.parse("region=EU")))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("its partition keys are country, ts_day");
    }

    @Test
    void filesASnapshotDeletedAndStrayFilesUnderTheLocationAreNotLoaded() {
        Table table = create("sales_rewritten", SCHEMA, PartitionSpec.unpartitioned());
        List<DataFile> first = iceberg.append(table, sales("FI", "2024-03-01", 0, 10));
        iceberg.append(table, sales("FI", "2024-03-02", 10, 5));
        table.newDelete().deleteFile(first.get(0)).commit(); // its object stays on S3, as until a cleanup
        try (S3Session s3 = S3Session.open(s3Settings, new Destination.Memory())) {
            s3.put("s3://" + bucket + "/warehouse/sales_rewritten/data/uncommitted.parquet", "never committed",
                    PutOptions.defaults());
        }

        try (LoadedTable loaded = loader.load(ref("sales_rewritten"), PartitionFilter.all())) {
            assertThat(loaded.files()).hasSize(1);
            assertThat(loaded.plan().partitions()).singleElement().satisfies(p -> assertThat(p.path()).isEmpty());
            assertThat(loaded.query("SELECT count(*), min(id) FROM sales_rewritten").rows())
                    .containsExactly(List.of(5L, 10L));
        }
    }

    @Test
    void positionDeletesAreAppliedSoTheDeletedRowsAreNotLoadedAndOtherFilesLoadAsTheyAre(@TempDir Path temp)
            throws IOException {
        Table table = create("sales_deleted", SCHEMA, PartitionSpec.builderFor(SCHEMA).identity("country").build());
        List<Record> rows = finnishThenSwedishSales(10);
        List<DataFile> files = iceberg.append(table, rows);
        DataFile se = files.stream().filter(f -> f.partition().get(0, String.class).equals("SE")).findFirst().orElseThrow();
        iceberg.deleteRows(table, se, 0, 1);
        iceberg.deleteRows(table, se, 9);

        LoadPlan plan = loader.plan(ref("sales_deleted"), PartitionFilter.all());
        assertThat(plan.files()).extracting(f -> f.deletes().size()).containsExactly(0, 2);
        Path dest = temp.resolve("sales_deleted");
        try (LoadedTable loaded = loader.load(plan, LoadOptions.into(dest).withQueries())) {
            assertThat(loaded.query("SELECT country, count(*), min(id), max(id), sum(amount) FROM sales_deleted"
                    + " GROUP BY country ORDER BY country").rows()).containsExactly(
                    List.of("FI", 10L, 0L, 9L, new BigDecimal("47.50")),
                    List.of("SE", 7L, 12L, 18L, new BigDecimal("106.75")));
            List<Long> ids = new ArrayList<>();
            try (CloseableIterator<GenericRecord> records = loaded.records()) {
                records.forEachRemaining(r -> ids.add((Long) r.get("id")));
            }
            assertThat(ids).hasSize(17).doesNotContain(10L, 11L, 19L).contains(12L, 18L);
        }
        // The file without deletes is the object, byte for byte; the other holds the live rows only.
        assertThat(Files.size(dest.resolve(plan.files().get(0).relativePath()))).isEqualTo(plan.files().get(0).size());
        assertThat(dest.resolve("country=SE").toFile().list())
                .containsExactly(se.location().substring(se.location().lastIndexOf('/') + 1));
    }

    @Test
    void deleteFilesApplyOnlyToTheDataFilesBeforeThemSoThoseACompactionLeftBehindDeleteNothing() {
        Table table = create("sales_compacted", SCHEMA, PartitionSpec.builderFor(SCHEMA).identity("country").build());
        DataFile original = iceberg.append(table, sales("FI", "2024-03-01", 0, 10)).get(0);
        iceberg.deleteRows(table, original, 0, 1);
        assertThat(loader.plan(ref("sales_compacted"), PartitionFilter.all()).files())
                .singleElement().satisfies(f -> assertThat(f.deletes()).hasSize(1));

        // The position deletes stay live, with the compacted file's sequence number, but name the file it replaced.
        DataFile compacted = iceberg.compact(table, Set.of(original), sales("FI", "2024-03-01", 2, 8)).get(0);
        try (LoadedTable loaded = loader.load(ref("sales_compacted"), PartitionFilter.all())) {
            assertThat(loaded.plan().files()).singleElement().satisfies(f -> {
                assertThat(f.url()).isEqualTo(compacted.location());
                assertThat(f.deletes()).isEmpty();
            });
            assertThat(loaded.query("SELECT count(*), min(id) FROM sales_compacted").rows())
                    .containsExactly(List.of(8L, 2L));
        }

        // An equality delete applies to the files before it, not to those a compaction writes after it.
        iceberg.deleteWhereEqual(table, compacted.partition(), "id", 5L, 7L);
        try (LoadedTable loaded = loader.load(ref("sales_compacted"), PartitionFilter.all())) {
            assertThat(loaded.plan().files()).singleElement().satisfies(f -> assertThat(f.deletes())
                    .singleElement().satisfies(d -> assertThat(d.equalityColumns()).containsExactly("id")));
            assertThat(loaded.query("SELECT count(*), count(*) FILTER (id IN (5, 7)) FROM sales_compacted").rows())
                    .containsExactly(List.of(6L, 0L));
        }
        List<Record> live = new ArrayList<>(sales("FI", "2024-03-01", 2, 3));
        live.addAll(sales("FI", "2024-03-01", 6, 1));
        live.addAll(sales("FI", "2024-03-01", 8, 2));
        iceberg.compact(table, Set.of(compacted), live);
        try (LoadedTable loaded = loader.load(ref("sales_compacted"), PartitionFilter.all())) {
            assertThat(loaded.plan().files()).singleElement().satisfies(f -> assertThat(f.deletes()).isEmpty());
            assertThat(loaded.query("SELECT count(*), count(*) FILTER (id IN (5, 7)) FROM sales_compacted").rows())
                    .containsExactly(List.of(6L, 0L));
        }
    }

    @Test
    void deletionVectorsOfAFormat3TableAreApplied() {
        Table table = createByCountry("sales_v3", 3);
        List<Record> rows = finnishThenSwedishSales(5);
        DataFile fi = iceberg.append(table, rows).get(0);
        iceberg.deleteRowsWithVector(table, fi, 0, 4, 9);

        LoadPlan plan = loader.plan(ref("sales_v3"), PartitionFilter.all());
        assertThat(plan.files().get(0).deletes()).singleElement()
                .satisfies(d -> assertThat(d.kind()).isEqualTo(RowDeletes.Kind.DELETION_VECTOR));
        try (LoadedTable loaded = loader.load(plan, LoadOptions.temporary().withQueries())) {
            assertThat(loaded.query("SELECT country, count(*), list(id ORDER BY id) FROM sales_v3 GROUP BY country"
                    + " ORDER BY country").rows()).containsExactly(
                    List.of("FI", 7L, List.of(1L, 2L, 3L, 5L, 6L, 7L, 8L)),
                    List.of("SE", 5L, List.of(10L, 11L, 12L, 13L, 14L)));
        }
    }

    @Test
    void aDataFileWithDeletesThatIsNoParquetFailsTheLoadNamingItsFilesAndLeavesNoDestination(@TempDir Path scratch) {
        Table table = create("sales_not_parquet", SCHEMA, PartitionSpec.unpartitioned());
        String url = "s3://" + bucket + "/warehouse/sales_not_parquet/data/broken.parquet";
        try (S3Session s3 = S3Session.open(s3Settings, new Destination.Memory())) {
            s3.put(url, "not a Parquet file", PutOptions.defaults());
        }
        DataFile broken = iceberg.adopt(table, List.of(new IcebergTables.AdoptedFile(url, "", 18, 1))).get(0);
        String deletes = iceberg.deleteRows(table, broken, 0).location();
        Path dest = scratch.resolve("dest");

        assertThatThrownBy(() -> loader.load(loader.plan(ref("sales_not_parquet"), PartitionFilter.all()),
                LoadOptions.into(dest)))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("cannot read the columns of the data file " + url).hasMessageContaining(deletes)
                .hasMessageNotContaining("pending query result");
        assertThat(scratch.toFile().list()).isEmpty();
    }

    @Test
    void aManifestWhosePartitionRangesRuleTheFilterOutIsNotRead() {
        Table table = create("sales_appended", SCHEMA, BY_COUNTRY_AND_DAY);
        iceberg.append(table, sales("FI", "2024-03-01", 0, 5));
        iceberg.append(table, sales("SE", "2024-03-02", 5, 5));
        long swedishCommit = table.currentSnapshot().snapshotId();
        iceberg.append(table, sales("FI", "2024-03-03", 10, 5));
        assertThatThrownBy(() -> loader.plan(ref("sales_appended"), PartitionFilter.parse("country=NO")))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOTHING_MATCHED))
                .hasMessageContaining("country has FI, SE"); // every manifest passed over, then read for the message
        // Gone from S3, the Swedish files' manifest can only be passed over, never read.
        ManifestFile swedish = table.currentSnapshot().dataManifests(table.io()).stream()
                .filter(m -> m.snapshotId() == swedishCommit).findFirst().orElseThrow();
        table.io().deleteFile(swedish.path());

        assertThat(loader.plan(ref("sales_appended"), PartitionFilter.parse("country=FI")).files()).hasSize(2);
        assertThat(loader.plan(ref("sales_appended"), PartitionFilter.parse("ts_day>2024-03-02")).files()).hasSize(1);
        assertThat(loader.plan(ref("sales_appended"), PartitionFilter.parse("country=FI,ts_day is latest")).files())
                .singleElement().satisfies(f -> assertThat(f.relativePath()).startsWith("country=FI/ts_day=2024-03-03/"));
        assertThatThrownBy(() -> loader.plan(ref("sales_appended"), PartitionFilter.parse("country in (SE,NO)")))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining(swedish.path());
    }

    @Test
    void anEqualityDeleteOfANullDeletesTheRowsWhereItIsNull() {
        Table table = create("sales_nulls", SCHEMA, PartitionSpec.unpartitioned());
        List<Record> rows = new ArrayList<>(sales("FI", "2024-03-01", 0, 3));
        rows.addAll(sales(null, "2024-03-01", 3, 2));
        iceberg.append(table, rows);
        iceberg.deleteWhereEqual(table, null, "country", (Object) null);

        try (LoadedTable loaded = loader.load(ref("sales_nulls"), PartitionFilter.all())) {
            assertThat(loaded.query("SELECT count(*), count(country) FROM sales_nulls").rows())
                    .containsExactly(List.of(3L, 3L));
        }
    }

    @Test
    void aMissingDeleteFileFailsTheLoadWithNotFoundAndLeavesNoDestination(@TempDir Path scratch) {
        Table table = create("sales_lost_deletes", SCHEMA, PartitionSpec.unpartitioned());
        DataFile file = iceberg.append(table, sales("FI", "2024-03-01", 0, 5)).get(0);
        String deletes = iceberg.deleteRows(table, file, 1).location();
        table.io().deleteFile(deletes);
        Path dest = scratch.resolve("dest");

        assertThatThrownBy(() -> loader.load(loader.plan(ref("sales_lost_deletes"), PartitionFilter.all()),
                LoadOptions.into(dest)))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("delete files").hasMessageContaining(deletes);
        assertThat(dest).doesNotExist();
        assertThat(scratch.toFile().list()).isEmpty();
    }

    @Test
    void anAddedColumnReadsAsNullInOlderFiles() {
        Table table = create("sales_evolved", SCHEMA, PartitionSpec.unpartitioned());
        iceberg.append(table, sales("FI", "2024-03-01", 0, 10));
        table.updateSchema().addColumn("channel", Types.IntegerType.get()).commit();
        Record newer = org.apache.iceberg.data.GenericRecord.create(table.schema());
        newer.setField("id", 99L);
        newer.setField("channel", 7);
        iceberg.append(table, List.of(newer));

        try (LoadedTable loaded = loader.load(ref("sales_evolved"), PartitionFilter.all())) {
            assertThat(loaded.query("SELECT count(*), count(channel), max(channel) FROM sales_evolved").rows())
                    .containsExactly(List.of(11L, 1L, 7));
        }
    }

    @Test
    void aRenamedColumnLoadsUnderItsNewNameFromTheFilesWrittenBeforeTheRename(@TempDir Path temp)
            throws IOException {
        Table table = create("sales_renamed", SCHEMA, PartitionSpec.unpartitioned());
        iceberg.append(table, sales("FI", "2024-03-01", 0, 10));
        table.updateSchema().renameColumn("amount", "price").commit();
        Record newer = org.apache.iceberg.data.GenericRecord.create(table.schema());
        newer.setField("id", 99L);
        newer.setField("price", new BigDecimal("1.50"));
        iceberg.append(table, List.of(newer));

        LoadPlan plan = loader.plan(ref("sales_renamed"), PartitionFilter.all());
        Path dest = temp.resolve("sales_renamed");
        try (LoadedTable loaded = loader.load(plan, LoadOptions.into(dest).withQueries())) {
            assertThat(loaded.query("SELECT count(*), count(price), sum(price) FROM sales_renamed").rows())
                    .containsExactly(List.of(11L, 11L, new BigDecimal("49.00")));
            List<Object> prices = new ArrayList<>();
            try (CloseableIterator<GenericRecord> records = loaded.records()) {
                records.forEachRemaining(r -> prices.add(r.get("price")));
            }
            assertThat(prices).hasSize(11).doesNotContainNull();
        }
        // The older file has the new name, and its field ids, in a new footer after the same data
        // pages; the newer is the object.
        PlannedFile older = plan.files().stream().filter(f -> f.size() != sizeOfOnlyRow(plan)).findFirst().orElseThrow();
        Path renamed = dest.resolve(older.relativePath());
        assertThat(FileColumns.read(renamed).columns()).extracting(c -> c.name() + "=" + c.fieldId().orElse(-1))
                .containsExactly("id=1", "country=2", "ts=3", "price=4");
        byte[] object;
        try (S3Session s3 = S3Session.open(s3Settings, new Destination.Memory())) {
            object = s3.get(older.url()).bytes();
        }
        int footer = java.nio.ByteBuffer.wrap(object, object.length - 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] pages = java.util.Arrays.copyOf(object, object.length - 8 - footer);
        assertThat(java.util.Arrays.copyOf(Files.readAllBytes(renamed), pages.length)).isEqualTo(pages);
        PlannedFile newest = plan.files().stream().filter(f -> f != older).findFirst().orElseThrow();
        assertThat(Files.size(dest.resolve(newest.relativePath()))).isEqualTo(newest.size());
    }

    /** The size of the plan's smallest file, the one-row file of the renamed table. */
    private static long sizeOfOnlyRow(LoadPlan plan) {
        return plan.files().stream().mapToLong(PlannedFile::size).min().orElseThrow();
    }

    @Test
    void aColumnDroppedAndItsNameGivenToANewOneReadsNullFromTheFilesOfTheDroppedOne() {
        Table table = create("sales_readded", SCHEMA, PartitionSpec.unpartitioned());
        iceberg.append(table, sales("FI", "2024-03-01", 0, 10));
        table.updateSchema().deleteColumn("amount").commit();
        table.updateSchema().addColumn("amount", Types.StringType.get()).commit();
        Record newer = org.apache.iceberg.data.GenericRecord.create(table.schema());
        newer.setField("id", 99L);
        newer.setField("amount", "new");
        iceberg.append(table, List.of(newer));

        try (LoadedTable loaded = loader.load(ref("sales_readded"), PartitionFilter.all())) {
            assertThat(loaded.query("SELECT count(*), count(amount), max(amount) FROM sales_readded").rows())
                    .containsExactly(List.of(11L, 1L, "new"));
        }
    }

    @Test
    void deletesWrittenBeforeARenameStillDeleteTheirRows() {
        Table table = create("sales_renamed_deleted", SCHEMA, PartitionSpec.unpartitioned());
        DataFile file = iceberg.append(table, sales("FI", "2024-03-01", 0, 10)).get(0);
        iceberg.deleteWhereEqual(table, null, "amount", new BigDecimal("3.25"));
        iceberg.deleteRows(table, file, 0);
        table.updateSchema().renameColumn("amount", "price").commit();

        try (LoadedTable loaded = loader.load(ref("sales_renamed_deleted"), PartitionFilter.all())) {
            assertThat(loaded.query("SELECT list(id ORDER BY id), sum(price) FROM sales_renamed_deleted").rows())
                    .containsExactly(List.of(List.of(1L, 2L, 4L, 5L, 6L, 7L, 8L, 9L), new BigDecimal("44.00")));
        }
    }

    @Test
    void filesWithoutFieldIdsAreMatchedByTheTableNameMappingAndRefusedWithoutOne() throws IOException {
        Table mapped = create("sales_adopted_mapped", SCHEMA, PartitionSpec.builderFor(SCHEMA).identity("country").build());
        mapped.updateProperties().set(TableProperties.DEFAULT_NAME_MAPPING,
                NameMappingParser.toJson(MappingUtil.create(mapped.schema()))).commit();
        adoptHiveFiles(mapped, "sales_adopted_mapped");
        mapped.updateSchema().renameColumn("id", "sale_id").commit(); // Iceberg adds the new name to the mapping
        Table unmapped = create("sales_adopted_unmapped", SCHEMA, PartitionSpec.builderFor(SCHEMA).identity("country").build());
        adoptHiveFiles(unmapped, "sales_adopted_unmapped");
        unmapped.updateSchema().renameColumn("id", "sale_id").commit();

        try (LoadedTable loaded = loader.load(ref("sales_adopted_mapped"), PartitionFilter.all())) {
            assertThat(loaded.query("SELECT country, count(sale_id), min(sale_id) FROM sales_adopted_mapped"
                    + " GROUP BY 1 ORDER BY 1").rows()).containsExactly(List.of("FI", 10L, 0L), List.of("SE", 10L, 100L));
            // The files' own Avro schema, under the old name, no longer speaks for them.
            List<Object> ids = new ArrayList<>();
            try (CloseableIterator<GenericRecord> records = loaded.records()) {
                records.forEachRemaining(r -> ids.add(r.get("sale_id")));
            }
            assertThat(ids).hasSize(20).doesNotContainNull();
        }
        assertThatThrownBy(() -> loader.load(ref("sales_adopted_unmapped"), PartitionFilter.all()))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("no field ids").hasMessageContaining("schema.name-mapping.default");
    }

    @Test
    void renamedNestedFieldsLoadUnderTheirNewNamesWithOrWithoutDeletes() {
        Types.StructType address = Types.StructType.of(Types.NestedField.optional(3, "city", Types.StringType.get()));
        Types.StructType tag = Types.StructType.of(Types.NestedField.optional(6, "label", Types.StringType.get()));
        Types.StructType score = Types.StructType.of(Types.NestedField.optional(10, "points", Types.IntegerType.get()));
        Schema customers = new Schema(
                Types.NestedField.required(1, "id", Types.LongType.get()),
                Types.NestedField.optional(2, "address", address),
                Types.NestedField.optional(4, "tags", Types.ListType.ofOptional(5, tag)),
                Types.NestedField.optional(7, "scores", Types.MapType.ofOptional(8, 9, Types.StringType.get(), score)));
        Table table = create("customers_renamed", customers, PartitionSpec.unpartitioned());
        List<Record> rows = new ArrayList<>();
        for (long id = 0; id < 4; id++) {
            Record r = org.apache.iceberg.data.GenericRecord.create(customers);
            r.setField("id", id);
            Record city = org.apache.iceberg.data.GenericRecord.create(address);
            city.setField("city", "city-" + id);
            r.setField("address", city);
            Record label = org.apache.iceberg.data.GenericRecord.create(tag);
            label.setField("label", "tag-" + id);
            r.setField("tags", List.of(label));
            Record points = org.apache.iceberg.data.GenericRecord.create(score);
            points.setField("points", (int) id * 10);
            r.setField("scores", Map.of("math", points));
            rows.add(r);
        }
        DataFile withDeletes = iceberg.append(table, rows.subList(0, 2)).get(0);
        iceberg.append(table, rows.subList(2, 4));
        iceberg.deleteRows(table, withDeletes, 0);
        table.updateSchema().renameColumn("address.city", "town").renameColumn("tags.element.label", "name")
                .renameColumn("scores.value.points", "grade").renameColumn("address", "home").commit();

        try (LoadedTable loaded = loader.load(ref("customers_renamed"), PartitionFilter.all())) {
            assertThat(loaded.query("SELECT id, home.town, tags[1].name, scores['math'].grade FROM customers_renamed"
                    + " ORDER BY id").rows()).containsExactly(List.of(1L, "city-1", "tag-1", 10),
                    List.of(2L, "city-2", "tag-2", 20), List.of(3L, "city-3", "tag-3", 30));
            List<Object> towns = new ArrayList<>();
            try (CloseableIterator<GenericRecord> records = loaded.records()) {
                records.forEachRemaining(r -> towns.add(((GenericRecord) r.get("home")).get("town").toString()));
            }
            assertThat(towns).containsExactlyInAnyOrder("city-1", "city-2", "city-3");
        }
    }

    @Test
    void aNestedFieldsNameGivenToANewFieldAfterTheOldWasDroppedIsRefused() {
        Schema withAddress = new Schema(
                Types.NestedField.required(1, "id", Types.LongType.get()),
                Types.NestedField.optional(2, "address", Types.StructType.of(
                        Types.NestedField.optional(3, "city", Types.StringType.get()))));
        Table table = create("customers_readded", withAddress, PartitionSpec.unpartitioned());
        table.updateSchema().deleteColumn("address.city").commit();
        table.updateSchema().addColumn("address", "city", Types.IntegerType.get()).commit();

        assertThatThrownBy(() -> loader.plan(ref("customers_readded"), PartitionFilter.all()))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("nested field city is not the field of that name in schema 0");
    }

    @Test
    void aWhereLeavesOutTheFilesWhoseColumnBoundsRuleItOut() {
        Table table = create("sales_clustered", SCHEMA, PartitionSpec.unpartitioned());
        iceberg.append(table, sales("FI", "2024-03-01", 0, 10));
        iceberg.append(table, sales("SE", "2024-03-02", 10, 10));
        iceberg.append(table, sales("NO", "2024-03-03", 20, 10));
        Map<String, Integer> filesKept = new LinkedHashMap<>();
        filesKept.put("id >= 15", 2);
        filesKept.put("id < 10", 1);
        filesKept.put("15 < id", 2);
        filesKept.put("id = 12", 1);
        filesKept.put("id BETWEEN 8 AND 12 AND amount > 0", 2);
        filesKept.put("id IN (1, 25)", 2);
        filesKept.put("country = 'SE'", 1);
        filesKept.put("ts >= '2024-03-03'", 1);
        filesKept.put("amount > 25", 1);
        filesKept.put("country LIKE 'S%'", 1);
        filesKept.put("starts_with(country, 'N')", 1);
        filesKept.put("country LIKE '%E'", 3); // no prefix
        filesKept.put("country LIKE 'F_'", 3);
        filesKept.put("id >= 15 OR country = 'FI'", 3); // not a term of one column: prunes nothing
        filesKept.put("id + 0 >= 15", 3);
        filesKept.put("id > 100", 0);

        filesKept.forEach((where, kept) -> {
            LoadPlan plan = loader.plan(ref("sales_clustered"), PartitionFilter.all(), Optional.of(where));
            assertThat(plan.files()).as(where).hasSize(kept);
            try (LoadedTable loaded = loader.load(plan, LoadOptions.temporary().withQueries())) {
                // The rows the where selects are all in the files kept.
                long expected = countWhere(where);
                assertThat(loaded.query("SELECT count(*) FROM sales_clustered WHERE " + where).rows())
                        .as(where).containsExactly(List.of(expected));
            }
        });
    }

    /** How many of the sales in sales_clustered (ids 0 to 29, ten a day and country) a where selects. */
    private long countWhere(String where) {
        try (LoadedTable all = loader.load(ref("sales_clustered"), PartitionFilter.all())) {
            return (Long) all.query("SELECT count(*) FROM sales_clustered WHERE " + where).rows().get(0).get(0);
        }
    }

    @Test
    void aSpecOnAFieldOlderFilesWerePartitionedWithoutIsRefused() {
        Table table = create("sales_repartitioned", SCHEMA, PartitionSpec.unpartitioned());
        iceberg.append(table, sales("FI", "2024-03-01", 0, 10));
        table.updateSpec().addField("country").commit();
        iceberg.append(table, sales("SE", "2024-03-01", 10, 10));

        assertThat(loader.plan(ref("sales_repartitioned"), PartitionFilter.all()).files()).hasSize(2);
        assertThatThrownBy(() -> loader.plan(ref("sales_repartitioned"), PartitionFilter.parse("country=SE")))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("without that field").hasMessageContaining("--where");
    }

    @Test
    void filesAdoptedFromAHiveTableTakeTheirPartitionColumnFromThePartitionAndAWherePrunesBy() throws IOException {
        Table table = create("sales_migrated", SCHEMA, PartitionSpec.builderFor(SCHEMA).identity("country").build());
        adoptHiveFiles(table, "sales_migrated");

        try (LoadedTable loaded = loader.load(ref("sales_migrated"), PartitionFilter.all())) {
            assertThat(loaded.query("SELECT country, count(*), min(id) FROM sales_migrated GROUP BY 1 ORDER BY 1").rows())
                    .containsExactly(List.of("FI", 10L, 0L), List.of("SE", 10L, 100L));
            List<GenericRecord> read = new ArrayList<>();
            try (CloseableIterator<GenericRecord> records = loaded.records()) {
                records.forEachRemaining(read::add);
            }
            assertThat(read).extracting(r -> r.get("country").toString()).containsOnly("FI", "SE").hasSize(20);
        }
        LoadPlan pruned = loader.plan(ref("sales_migrated"), PartitionFilter.all(), Optional.of("country = 'SE' AND id > 3"));
        assertThat(pruned.files()).extracting(PlannedFile::url).singleElement().asString().contains("country=SE");
    }

    @Test
    void anEarlierSnapshotLoadsTheFilesAndColumnsItHadAndAnExpiredOneIsNotFound() {
        Table table = create("sales_snapshots", SCHEMA, PartitionSpec.unpartitioned());
        iceberg.append(table, sales("FI", "2024-03-01", 0, 10));
        long first = table.currentSnapshot().snapshotId();
        table.updateSchema().addColumn("channel", Types.IntegerType.get()).commit();
        List<Record> later = new ArrayList<>();
        for (Record r : sales("FI", "2024-03-02", 10, 5)) {
            Record widened = org.apache.iceberg.data.GenericRecord.create(table.schema());
            SCHEMA.columns().forEach(c -> widened.setField(c.name(), r.getField(c.name())));
            later.add(widened);
        }
        iceberg.append(table, later);
        long second = table.currentSnapshot().snapshotId();

        LoadPlan current = loader.plan(ref("sales_snapshots"), PartitionFilter.all());
        LoadPlan earlier = loader.plan(ref("sales_snapshots"), PartitionFilter.all(), Optional.empty(), OptionalLong.of(first));

        assertThat(current.snapshot()).hasValue(second);
        assertThat(current.files()).hasSize(2);
        assertThat(current.table().columns()).extracting(c -> c.name()).contains("channel");
        assertThat(earlier.snapshot()).hasValue(first);
        assertThat(earlier.files()).hasSize(1);
        assertThat(earlier.table().columns()).extracting(c -> c.name()).doesNotContain("channel");
        try (LoadedTable loaded = loader.load(earlier, LoadOptions.temporary())) {
            assertThat(loaded.query("SELECT count(*), max(id) FROM sales_snapshots").rows()).containsExactly(List.of(10L, 9L));
        }
        assertThatThrownBy(() -> loader.plan(ref("sales_snapshots"), PartitionFilter.all(), Optional.empty(), OptionalLong.of(42)))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("has no snapshot 42").hasMessageContaining("the current one " + second);
    }

    @Test
    void aBranchOrTagLoadsTheSnapshotItPointsAtAndATimeTheOneCurrentThen() throws InterruptedException {
        Table table = create("sales_versions", SCHEMA, PartitionSpec.unpartitioned());
        iceberg.append(table, sales("FI", "2024-03-01", 0, 10));
        long first = table.currentSnapshot().snapshotId();
        Instant firstCommitted = Instant.ofEpochMilli(table.currentSnapshot().timestampMillis());
        table.manageSnapshots().createTag("audited", first).createBranch("frozen", first).commit();
        Thread.sleep(5); // the second commit comes later than the first by the clock
        table.updateSchema().addColumn("channel", Types.IntegerType.get()).commit();
        Record later = org.apache.iceberg.data.GenericRecord.create(table.schema());
        later.setField("id", 10L);
        iceberg.append(table, List.of(later));
        long second = table.currentSnapshot().snapshotId();

        LoadPlan tag = loader.plan(ref("sales_versions"), PartitionFilter.all(), Optional.empty(), TableVersion.ref("audited"));
        LoadPlan branch = loader.plan(ref("sales_versions"), PartitionFilter.all(), Optional.empty(), TableVersion.ref("frozen"));
        LoadPlan main = loader.plan(ref("sales_versions"), PartitionFilter.all(), Optional.empty(), TableVersion.ref("main"));
        LoadPlan then = loader.plan(ref("sales_versions"), PartitionFilter.all(), Optional.empty(),
                TableVersion.asOf(firstCommitted));

        assertThat(List.of(tag, branch, then)).allSatisfy(p -> {
            assertThat(p.snapshot()).hasValue(first);
            assertThat(p.files()).hasSize(1);
        });
        assertThat(main.snapshot()).hasValue(second);
        // A tag is read with its snapshot's schema, a branch with the table's, as Iceberg reads them.
        assertThat(tag.table().columns()).extracting(c -> c.name()).doesNotContain("channel");
        assertThat(branch.table().columns()).extracting(c -> c.name()).contains("channel");
        assertThatThrownBy(() -> loader.plan(ref("sales_versions"), PartitionFilter.all(), Optional.empty(),
                TableVersion.asOf(firstCommitted.minusMillis(1))))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("had no snapshot as of").hasMessageContaining("its history starts at " + firstCommitted);
        assertThatThrownBy(() -> loader.plan(ref("sales_versions"), PartitionFilter.all(), Optional.empty(),
                TableVersion.ref("nightly")))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("no branch or tag named nightly").hasMessageContaining("audited (tag)")
                .hasMessageContaining("frozen (branch)");
    }

    @Test
    void aSnapshotOfAHiveTableIsRefused() {
        metastore.table(DB, "hive_sales").column("id", "bigint").location("s3://" + bucket + "/hive_sales").create();

        assertThatThrownBy(() -> loader.plan(ref("hive_sales"), PartitionFilter.all(), Optional.empty(), OptionalLong.of(1)))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("is a Hive table, which has no snapshots");
    }

    @Test
    void anEqualityDeleteByAColumnAFileLacksReadsItAsIcebergDoes() throws IOException {
        // Files adopted from Hive hold no country: their partition gives it.
        Table migrated = create("sales_migrated_deleted", SCHEMA, PartitionSpec.builderFor(SCHEMA).identity("country").build());
        DataFile se = adoptHiveFiles(migrated, "sales_migrated_deleted").get(1);
        iceberg.deleteWhereEqual(migrated, se.partition(), "country", "SE");
        // Files written before a column was added read NULL there.
        Table evolved = create("sales_channels", SCHEMA, PartitionSpec.unpartitioned());
        iceberg.append(evolved, sales("FI", "2024-03-01", 0, 3));
        evolved.updateSchema().addColumn("channel", Types.IntegerType.get()).commit();
        List<Record> newer = new ArrayList<>();
        for (int channel : new int[] {7, 8}) {
            Record r = org.apache.iceberg.data.GenericRecord.create(evolved.schema());
            r.setField("id", 10L + channel);
            r.setField("channel", channel);
            newer.add(r);
        }
        iceberg.append(evolved, newer);
        iceberg.deleteWhereEqual(evolved, null, "channel", 7);

        try (LoadedTable loaded = loader.load(ref("sales_migrated_deleted"), PartitionFilter.all())) {
            assertThat(loaded.query("SELECT country, count(*) FROM sales_migrated_deleted GROUP BY 1").rows())
                    .containsExactly(List.of("FI", 10L));
        }
        try (LoadedTable loaded = loader.load(ref("sales_channels"), PartitionFilter.all())) {
            assertThat(loaded.query("SELECT list(id ORDER BY id) FROM sales_channels").rows())
                    .containsExactly(List.of(List.of(0L, 1L, 2L, 18L)));
        }
    }

    /**
     * Adopts two Parquet files as a Hive table's partitions country=FI and country=SE would hold
     * them: ten ids each (FI from 0, SE from 100), no country column.
     */
    private List<DataFile> adoptHiveFiles(Table table, String prefix) throws IOException {
        org.apache.avro.Schema hiveFile = SchemaBuilder.record("sale").fields().requiredLong("id").endRecord();
        List<IcebergTables.AdoptedFile> adopted = new ArrayList<>();
        Path local = Files.createTempDirectory("hive-files");
        try (S3Session s3 = S3Session.open(s3Settings, new Destination.Memory())) {
            for (String country : List.of("FI", "SE")) {
                Path file = local.resolve(country + ".parquet");
                List<GenericRecord> rows = new ArrayList<>();
                for (long id = country.equals("FI") ? 0 : 100; rows.size() < 10; id++) {
                    rows.add(new GenericRecordBuilder(hiveFile).set("id", id).build());
                }
                ParquetFiles.write(file, hiveFile, rows, CompressionCodecName.SNAPPY);
                String url = "s3://" + bucket + "/hive/" + prefix + "/country=" + country + "/part-0.parquet";
                s3.put(url, file, PutOptions.defaults());
                adopted.add(new IcebergTables.AdoptedFile(url, "country=" + country, Files.size(file), rows.size()));
            }
        } finally {
            Directories.deleteRecursively(local);
        }
        return iceberg.adopt(table, adopted);
    }

    @Test
    void aDataFileNamedToClimbOutOfTheDestinationIsRefusedAndNothingIsWrittenOutside(@TempDir Path scratch) {
        Table table = create("sales_hostile", SCHEMA, PartitionSpec.unpartitioned());
        iceberg.adopt(table, List.of(new IcebergTables.AdoptedFile("s3://" + bucket + "/hostile/..", "", 4, 1)));
        Path dest = scratch.resolve("a/dest");

        LoadPlan plan = loader.plan(ref("sales_hostile"), PartitionFilter.all());
        assertThatThrownBy(() -> loader.load(plan, LoadOptions.into(dest)))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
        assertThat(scratch.resolve("a")).satisfiesAnyOf(
                a -> assertThat(a).doesNotExist(), a -> assertThat(Files.list(a)).allMatch(p -> p.equals(dest)));
    }

    @Test
    void aTableWithoutASnapshotMatchesNothing() {
        create("sales_empty", SCHEMA, BY_COUNTRY_AND_DAY);

        assertThatThrownBy(() -> loader.plan(ref("sales_empty"), PartitionFilter.all()))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOTHING_MATCHED))
                .hasMessageContaining("nothing was ever committed");
    }

    @Test
    void aTableWhoseMetadataFilesAreGzipCompressedLoads() {
        Table table = iceberg.create(DB, "sales_gzipped", "s3://" + bucket + "/warehouse/sales_gzipped", SCHEMA,
                PartitionSpec.unpartitioned(), Map.of(TableProperties.METADATA_COMPRESSION, "gzip"));
        iceberg.append(table, sales("FI", "2024-03-01", 0, 10));
        assertThat(((org.apache.iceberg.HasTableOperations) table).operations().current().metadataFileLocation())
                .endsWith(".gz.metadata.json");

        try (LoadedTable loaded = loader.load(ref("sales_gzipped"), PartitionFilter.all())) {
            assertThat(loaded.query("SELECT count(*) FROM sales_gzipped").rows()).containsExactly(List.of(10L));
        }
        assertThat(loader.snapshots(ref("sales_gzipped"))).hasSize(1);
    }

    @Test
    void aFormatVersion1TableLoadsAsWell() {
        Table table = createByCountry("sales_v1", 1);
        List<Record> rows = finnishThenSwedishSales(3);
        iceberg.append(table, rows);

        try (LoadedTable loaded = loader.load(ref("sales_v1"), PartitionFilter.parse("country=SE"))) {
            List<GenericRecord> read = new ArrayList<>();
            try (CloseableIterator<GenericRecord> records = loaded.records()) {
                records.forEachRemaining(read::add);
            }
            assertThat(read).extracting(r -> r.get("id")).containsExactlyInAnyOrder(10L, 11L, 12L);
        }
    }

    @Test
    void aMissingMetadataFileIsNotFound() {
        metastore.table(DB, "sales_lost").column("id", "bigint").location("s3://" + bucket + "/warehouse/lost").iceberg()
                .parameter("metadata_location", "s3://" + bucket + "/warehouse/lost/metadata/00001-x.metadata.json")
                .create();

        assertThatThrownBy(() -> loader.plan(ref("sales_lost"), PartitionFilter.all()))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("metadata file of the Iceberg table " + DB + ".sales_lost");
    }
}
