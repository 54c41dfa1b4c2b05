package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tableload.sandbox.hms.HiveMetastoreExtension;
import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.iceberg.IcebergTables;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The commands on an Iceberg table written by Iceberg's library and registered as its Hive catalog does. */
@ExtendWith({S3ServerExtension.class, HiveMetastoreExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IcebergCommandsTest {
    private static final String DB = "cli_iceberg";
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "country", Types.StringType.get()),
            Types.NestedField.optional(3, "dt", Types.DateType.get()),
            Types.NestedField.optional(4, "amount", Types.DoubleType.get()));

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;
    private List<String> connection;
    private HiveTestData metastore;
    private IcebergTables iceberg;
    /** A table the snapshot test commits to after planning. */
    private Table growing;
    private long growingSnapshot;

    @AfterAll
    void close() {
        iceberg.close();
        metastore.close();
    }

    @BeforeAll
    void createTables(S3Server s3, HiveMetastoreSandbox hms) {
        String bucket = s3.createUniqueBucket("cli-iceberg");
        metastore = HiveTestData.connect(hms.uri());
        iceberg = new IcebergTables(metastore, s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey());
        metastore.createDatabase(DB);
        PartitionSpec byCountryAndDay = PartitionSpec.builderFor(SCHEMA).identity("country").identity("dt").build();
        Table sales = iceberg.create(DB, "sales", "s3://" + bucket + "/sales", SCHEMA, byCountryAndDay);
        List<Record> rows = new ArrayList<>();
        for (String country : List.of("FI", "SE")) {
            for (int day = 1; day <= 3; day++) {
                for (int i = 0; i < 100; i++) {
                    rows.add(sale(rows.size(), country, LocalDate.of(2024, 1, day), i));
                }
            }
        }
        iceberg.append(sales, rows);
        Table corrected = iceberg.create(DB, "sales_corrected", "s3://" + bucket + "/sales_corrected", SCHEMA,
                byCountryAndDay);
        List<DataFile> files = iceberg.append(corrected, rows.subList(0, 200));
        iceberg.deleteRows(corrected, files.get(1), 0);
        growing = iceberg.create(DB, "sales_growing", "s3://" + bucket + "/sales_growing", SCHEMA, byCountryAndDay);
        iceberg.append(growing, rows.subList(0, 200));
        growingSnapshot = growing.currentSnapshot().snapshotId();
        Cli.useCredentials(s3.accessKey(), s3.secretKey(), s3.region());
        connection = List.of("--metastore", hms.uri(), "--endpoint", s3.endpoint().toString(), "--path-style");
    }

    private static Record sale(long id, String country, LocalDate dt, double amount) {
        Record r = GenericRecord.create(SCHEMA);
        r.setField("id", id);
        r.setField("country", country);
        r.setField("dt", dt);
        r.setField("amount", amount);
        return r;
    }

    private Cli.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(connection);
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void loadsTheSelectedPartitionsIntoDestLaidOutByPartition() throws IOException {
        Path dest = tmp.resolve("fi");

        Cli.Result r = run("--table", DB + ".sales", "--partition", "country=FI,dt>=2024-01-02", "--dest", dest.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("loaded 2 file(s)").contains("2 partition(s) of " + DB + ".sales");
        try (Stream<Path> files = Files.walk(dest)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> dest.relativize(f).toString())
                    .filter(f -> !f.equals(".tableload"))) // the load's own record of what it holds
                    .hasSize(2).allMatch(f -> f.matches("country=FI/dt=2024-01-0[23]/[^/]+\\.parquet"));
        }
    }

    @Test
    void anExtractFiltersTheRowsOfTheSelectedPartitions() throws IOException {
        Path csv = tmp.resolve("se.csv");

        Cli.Result r = run("--table", DB + ".sales", "--partition", "country=SE", "--where", "amount >= 98",
                "--columns", "country,dt,amount", "--output", csv.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(csv)).hasSize(7).first().isEqualTo("country,dt,amount");
        assertThat(Files.readAllLines(csv)).contains("SE,2024-01-03,99.0");
    }

    @Test
    void partitionsListsThePartitionsOfTheCurrentSnapshot() {
        Cli.Result r = run("partitions", "--table", DB + ".sales", "--partition", "dt=2024-01-01");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().map(l -> l.split("\\s+")[0]))
                .containsExactly("country=FI/dt=2024-01-01", "country=SE/dt=2024-01-01");
        assertThat(r.out()).doesNotContain("stored as");

        Cli.Result none = run("partitions", "--table", DB + ".sales", "--partition", "country=NO");
        assertThat(none.code()).isEqualTo(4);
        assertThat(none.err()).contains("country has FI, SE");
    }

    @Test
    void planGivesTheSnapshotItSplitAndWorkersLoadThatSnapshotWhateverIsCommittedSince() throws Exception {
        Cli.Result plan = run("plan", "--table", DB + ".sales_growing", "--shards", "2", "--json");
        assertThat(plan.code()).as(plan.err()).isZero();
        long snapshot = JSON.readTree(plan.out()).path("snapshot").asLong();
        assertThat(snapshot).isEqualTo(growingSnapshot);
        Cli.Result text = run("plan", "--table", DB + ".sales_growing", "--shards", "2");
        assertThat(text.err()).contains("(snapshot " + snapshot + ")").contains("--snapshot " + snapshot);

        iceberg.append(growing, List.of(sale(9999, "NO", LocalDate.of(2024, 1, 4), 1.0)));

        Cli.Result pinned = run("--table", DB + ".sales_growing", "--shard", "0/1", "--snapshot", Long.toString(snapshot),
                "--dry-run", "--json");
        Cli.Result latest = run("--table", DB + ".sales_growing", "--dry-run", "--json");
        assertThat(pinned.code()).as(pinned.err()).isZero();
        assertThat(JSON.readTree(pinned.out()).path("snapshot").asLong()).isEqualTo(snapshot);
        assertThat(JSON.readTree(pinned.out()).path("files")).hasSize(2);
        assertThat(JSON.readTree(latest.out()).path("files")).hasSize(3);
        Cli.Result expired = run("--table", DB + ".sales_growing", "--snapshot", "42", "--dry-run");
        assertThat(expired.code()).isEqualTo(3);
        assertThat(expired.err()).contains("has no snapshot 42");
    }

    @Test
    void aTagOrATimeLoadsTheSnapshotItNamesAndSnapshotsShowsTheTags() throws Exception {
        Table tagged = iceberg.create(DB, "sales_tagged", growing.location() + "_tagged", SCHEMA, PartitionSpec.unpartitioned());
        iceberg.append(tagged, List.of(sale(1, "FI", LocalDate.of(2024, 1, 1), 1.0)));
        long first = tagged.currentSnapshot().snapshotId();
        tagged.manageSnapshots().createTag("v1", first).commit();
        Thread.sleep(5); // a time after the first commit and before the second
        Instant between = Instant.now();
        Thread.sleep(5);
        iceberg.append(tagged, List.of(sale(2, "FI", LocalDate.of(2024, 1, 2), 2.0)));
        String table = DB + ".sales_tagged";

        Cli.Result byTag = run("--table", table, "--snapshot", "v1", "--dry-run", "--json");
        Cli.Result byTime = run("--table", table, "--as-of", between.toString(), "--dry-run", "--json");
        Cli.Result both = run("--table", table, "--snapshot", "v1", "--as-of", between.toString(), "--dry-run");
        Cli.Result unknown = run("--table", table, "--snapshot", "v2", "--dry-run");
        Cli.Result notATime = run("--table", table, "--as-of", "yesterday", "--dry-run");
        Cli.Result snapshots = run("snapshots", "--table", table);

        for (Cli.Result r : List.of(byTag, byTime)) {
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(JSON.readTree(r.out()).path("snapshot").asLong()).isEqualTo(first);
            assertThat(JSON.readTree(r.out()).path("files")).hasSize(1);
        }
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("give one of them");
        assertThat(unknown.code()).isEqualTo(3);
        assertThat(unknown.err()).contains("no branch or tag named v2").contains("v1 (tag)");
        assertThat(notATime.code()).isEqualTo(2);
        assertThat(notATime.err()).contains("cannot read the time 'yesterday'");
        assertThat(snapshots.out().lines().toList()).hasSize(2).satisfies(lines -> {
            assertThat(lines.get(0)).startsWith(first + "  ").endsWith("[tag v1]");
            assertThat(lines.get(1)).endsWith("(current)");
        });
    }

    @Test
    void describeShowsTheColumnsAndPartitionFieldsOfTheIcebergMetadataAndWhereItIs() {
        Table renamed = iceberg.create(DB, "sales_described", growing.location() + "_described", SCHEMA,
                PartitionSpec.builderFor(SCHEMA).identity("country").day("dt").build());
        renamed.updateSchema().renameColumn("amount", "price").commit(); // the metastore keeps amount here

        Cli.Result text = run("describe", "--table", DB + ".sales_described");
        Cli.Result json = run("describe", "--table", DB + ".sales_described", "--json");
        Cli.Result unreachable = Cli.run("describe", "--table", DB + ".sales_described", "--metastore",
                connection.get(1), "--endpoint", "http://127.0.0.1:1", "--path-style", "--retries", "1");

        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).containsPattern(
                "format +Iceberg, current metadata s3://[^ ]+/sales_growing_described/metadata/[^ ]+\\.metadata\\.json");
        assertThat(text.out()).containsPattern("(?s)columns\\n  id +bigint\\n  dt +date\\n  price +double\\npartitioned by\\n"
                + "  country +string\\n  dt_day +date\\n");
        assertThat(json.out()).contains("\"format\" : \"ICEBERG\"").contains("\"icebergMetadata\" : \"s3://")
                .contains("\"price\"");
        assertThat(unreachable.code()).isZero();
        assertThat(unreachable.err()).contains("showing the metastore's columns");
        assertThat(unreachable.out()).contains("amount");
    }

    @Test
    void snapshotsListsAnIcebergTablesSnapshotsOldestFirstAndRefusesAHiveTable() throws IOException {
        metastore.table(DB, "plain_hive").location("s3://nowhere/plain_hive").column("id", "bigint").create();

        Cli.Result text = run("snapshots", "--table", DB + ".sales_corrected");
        Cli.Result json = run("snapshots", "--table", DB + ".sales_corrected", "--json");
        Cli.Result hive = run("snapshots", "--table", DB + ".plain_hive");

        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out().lines().toList()).hasSize(2).satisfies(lines -> {
            assertThat(lines.get(0)).containsPattern("^\\d+  \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z  append  added 200")
                    .doesNotContain("(current)");
            assertThat(lines.get(1)).endsWith("(current)");
        });
        JsonNode snapshots = new ObjectMapper().readTree(json.out()).path("snapshots");
        assertThat(snapshots).hasSize(2);
        assertThat(snapshots.get(1).path("parentId").asLong()).isEqualTo(snapshots.get(0).path("id").asLong());
        assertThat(snapshots.get(1).path("current").asBoolean()).isTrue();
        assertThat(snapshots.get(1).path("summary").path("added-position-deletes").asText()).isEqualTo("1");
        assertThat(hive.code()).isEqualTo(2);
        assertThat(hive.err()).contains("Hive table, which has no snapshots");
    }

    @Test
    void rowLevelDeletesAreAppliedAndTheSummarySaysToHowManyFiles() throws IOException {
        Path csv = tmp.resolve("corrected.csv");

        Cli.Result extracted = run("--table", DB + ".sales_corrected", "--output", csv.toString());
        Cli.Result planned = run("--table", DB + ".sales_corrected", "--dry-run", "--json");
        Cli.Result other = run("--table", DB + ".sales_corrected", "--partition", "dt=2024-01-01", "--dry-run");

        assertThat(extracted.code()).as(extracted.err()).isZero();
        assertThat(Files.readAllLines(csv)).hasSize(1 + 199); // a header, and the 200 rows but the one deleted
        assertThat(extracted.err()).contains("; row-level deletes applied to 1 file(s))");
        assertThat(planned.out()).contains("\"deletes\" : [ \"s3://");
        assertThat(other.code()).as(other.err()).isZero();
        assertThat(other.err()).doesNotContain("deletes");
    }
}
