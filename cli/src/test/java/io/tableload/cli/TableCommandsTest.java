package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tableload.sandbox.Directories;
import io.tableload.sandbox.hms.HiveMetastoreExtension;
import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({S3ServerExtension.class, HiveMetastoreExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableCommandsTest {
    private static final String DB = "cli_test";
    /** The same table, its strings stored as Impala stores them. */
    private static final String IMPALA_DB = "cli_impala";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;
    private List<String> connection;

    @BeforeAll
    void createTable(S3Server s3, HiveMetastoreSandbox hms) throws IOException {
        String bucket = s3.createUniqueBucket("cli-tables");
        SalesFixture.create(s3, hms, DB, bucket);
        SalesFixture.createImpalaStored(s3, hms, IMPALA_DB, s3.createUniqueBucket("cli-impala"));
        try (HiveTestData data = HiveTestData.connect(hms.uri())) { // as Spark registers a Delta Lake table
            data.table(IMPALA_DB, "events_delta").column("id", "bigint").column("kind", "string")
                    .location("s3://bucket/events_delta").parameter("spark.sql.sources.provider", "delta").create();
            // The sales files again, one partition of them declared a text file.
            String sales = "s3://" + bucket + "/sales";
            data.table(DB, "sales_mixed").column("id", "bigint").column("product", "string")
                    .partitionKey("country", "string").partitionKey("dt", "date").location(sales).create();
            data.addPartitions(DB, "sales_mixed", List.of(
                    new HiveTestData.PartitionSpec(List.of("FI", "2024-01-01"), sales + "/country=FI/dt=2024-01-01"),
                    new HiveTestData.PartitionSpec(List.of("SE", "2024-01-01"), sales + "/country=SE/dt=2024-01-01")));
            data.storePartitionAsText(DB, "sales_mixed", List.of("SE", "2024-01-01"));
        }
        Cli.useCredentials(s3.accessKey(), s3.secretKey(), s3.region());
        connection = List.of("--metastore", hms.uri(), "--endpoint", s3.endpoint().toString(), "--path-style");
    }

    private Cli.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        boolean s3Command = all.get(0).equals("describe") || all.get(0).equals("partitions");
        all.addAll(s3Command ? connection.subList(0, 2) : connection);
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void loadsAPartitionIntoDestAndPrintsWhereItIs() throws IOException {
        Path dest = tmp.resolve("fi");

        Cli.Result r = run("--table", DB + ".sales", "--partition", "country=FI,dt>=2024-01-02", "--dest", dest.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo(dest.toAbsolutePath().toString());
        assertThat(r.err()).contains("loaded 2 file(s)").contains("1 partition(s) of " + DB + ".sales");
        assertThat(dataFiles(dest)).containsExactly("country=FI/dt=2024-01-02/part-1.parquet", "country=FI/dt=2024-01-02/part-2.parquet");
    }

    @Test
    void loadsOfDifferentPartitionsWithoutDestGoToDirectoriesOfTheirOwn() throws IOException {
        Cli.Result fi = run("--table", DB + ".sales", "--partition", "country=FI");
        Cli.Result se = run("--table", DB + ".sales", "--partition", "country = 'SE'");
        Path fiDest = Path.of(fi.out().strip());
        Path seDest = Path.of(se.out().strip());
        try {
            assertThat(fi.code()).as(fi.err()).isZero();
            assertThat(se.code()).as(se.err()).isZero();
            assertThat(fiDest.getFileName()).hasToString(DB + ".sales.country=FI");
            assertThat(seDest.getFileName().toString()).matches(DB + "\\.sales\\.sel-[0-9a-f]{12}");
            assertThat(dataFiles(fiDest)).isNotEmpty().allMatch(file -> file.startsWith("country=FI/"));
            assertThat(dataFiles(seDest)).isNotEmpty().allMatch(file -> file.startsWith("country=SE/"));
        } finally {
            Directories.deleteRecursively(fiDest);
            Directories.deleteRecursively(seDest);
        }
    }

    @Test
    void byPartitionWithoutShardIsAUsageError() {
        Cli.Result r = run("--table", DB + ".sales", "--by-partition", "--dry-run");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--by-partition keeps each partition whole within a shard; add --shard I/N");
    }

    @Test
    void anEmptyShardsExtractIsTheTablesColumnsAndNoRowsLikeItsLoad() throws IOException {
        Path output = tmp.resolve("empty-shard.csv");
        Path dest = tmp.resolve("empty-shard");

        Cli.Result extract = run("--table", DB + ".sales", "--partition", "country=SE", "--shard", "3/4", "--by-partition",
                "--output", output.toString());
        Cli.Result load = run("--table", DB + ".sales", "--partition", "country=SE", "--shard", "3/4", "--by-partition",
                "--dest", dest.toString());

        assertThat(extract.code()).as(extract.err()).isZero();
        assertThat(load.code()).as(load.err()).isZero();
        assertThat(Files.readAllLines(output)).singleElement().asString().contains("country").contains("dt");
    }

    @Test
    void jsonSummaryListsFilesWithLocalPathsAndPartitionValues() throws IOException {
        Path dest = tmp.resolve("json");

        Cli.Result r = run("--table", DB + ".sales", "--partition", "country=SE", "--dest", dest.toString(), "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("table").asText()).isEqualTo(DB + ".sales");
        assertThat(doc.get("dest").asText()).isEqualTo(dest.toAbsolutePath().toString());
        assertThat(doc.get("files")).hasSize(1);
        JsonNode file = doc.get("files").get(0);
        assertThat(file.get("url").asText()).endsWith("/sales/country=SE/dt=2024-01-01/part-3.parquet");
        assertThat(Path.of(file.get("path").asText())).exists();
        assertThat(file.get("partition").get("country").asText()).isEqualTo("SE");
        assertThat(doc.get("bytes").asLong()).isEqualTo(file.get("size").asLong());
        assertThat(doc.get("seconds").asDouble()).isPositive();
    }

    @Test
    void dryRunPrintsThePlanAndDownloadsNothing() throws IOException {
        Path dest = tmp.resolve("dry");

        Cli.Result r = run("--table", DB + ".sales", "--dry-run", "--json", "--dest", dest.toString());

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("files")).hasSize(4);
        assertThat(doc.get("files").get(0).has("path")).isFalse();
        assertThat(doc.get("files").get(0).get("relativePath").asText()).startsWith("country=");
        assertThat(doc.get("dest").asText()).as("where the load would go").isEqualTo(dest.toAbsolutePath().toString());
        assertThat(doc.get("partitions")).hasSize(3);
        assertThat(dest).doesNotExist();

        Cli.Result byDefault = run("--table", DB + ".sales", "--partition", "country=FI", "--dry-run", "--json");
        assertThat(JSON.readTree(byDefault.out()).get("dest").asText()).endsWith(DB + ".sales.country=FI");
    }

    @Test
    void whereColumnsAndOutputWriteTheSelectedRowsWithPartitionColumns() throws IOException {
        Path out = tmp.resolve("extract.csv");

        Cli.Result r = run("--table", DB + ".sales", "--where", "country = 'FI' AND product = 'lamp' AND dt = DATE '2024-01-01'",
                "--columns", "id,country,dt", "--output", out.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo(out.toAbsolutePath().toString());
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(51).first().isEqualTo("id,country,dt");
        assertThat(lines.get(1)).isEqualTo("1,FI,2024-01-01");
        assertThat(r.err()).contains("wrote 50 row(s)");
    }

    @Test
    void anExtractFetchesOnlyThePartitionsItsWhereCanSelectUnlessTheFilesAreKept() throws IOException {
        Path out = tmp.resolve("pruned.csv");
        String where = "dt >= DATE '2024-01-02' AND product = 'lamp'";

        Cli.Result pruned = run("--table", DB + ".sales", "--where", where, "--columns", "id,country,dt",
                "--output", out.toString(), "--json");
        assertThat(pruned.code()).as(pruned.err()).isZero();
        assertThat(pruned.out().replaceAll("\\s", "")).contains("\"dt\":\"2024-01-02\"").doesNotContain("\"dt\":\"2024-01-01\"");
        List<String> rows = Files.readAllLines(out);

        Path dest = tmp.resolve("pruned-kept");
        Path whole = tmp.resolve("whole.csv");
        Cli.Result kept = run("--table", DB + ".sales", "--where", where, "--columns", "id,country,dt",
                "--output", whole.toString(), "--dest", dest.toString(), "--json");
        assertThat(kept.code()).as(kept.err()).isZero();
        assertThat(kept.out().replaceAll("\\s", "")).contains("\"dt\":\"2024-01-01\"", "\"dt\":\"2024-01-02\"");
        // The same rows; without an ORDER BY, DuckDB may give files that are read side by side in either order.
        List<String> wholeRows = Files.readAllLines(whole);
        assertThat(rows).hasSizeGreaterThan(1).first().isEqualTo(wholeRows.get(0));
        assertThat(rows).containsExactlyInAnyOrderElementsOf(wholeRows);
    }

    @Test
    void anExtractWhoseWhereNoPartitionCanSatisfyWritesNoRowsAndSucceeds() throws IOException {
        Path out = tmp.resolve("none.csv");

        Cli.Result r = run("--table", DB + ".sales", "--where", "country = 'XX'", "--columns", "id,country",
                "--output", out.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out)).containsExactly("id,country");
    }

    @Test
    void stringsStoredAsImpalaStoresThemAreTextToWhereAndOutput() throws IOException {
        Path out = tmp.resolve("impala.csv");

        Cli.Result r = run("--table", IMPALA_DB + ".sales", "--where", "country = 'FI' AND upper(product) LIKE 'LA%'",
                "--columns", "product,id", "--output", out.toString());

        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(111).first().isEqualTo("product,id");
        assertThat(lines).contains("lamp,1", "lamp,1001", "lamp,2001");
        assertThat(lines.subList(1, lines.size())).allMatch(line -> line.startsWith("lamp,"));
    }

    @Test
    void columnsWrittenWithSpacesAfterTheCommasAreTheSameColumns() throws IOException {
        Path out = tmp.resolve("spaced.csv");

        Cli.Result r = run("--table", DB + ".sales", "--partition", "country=FI,dt=2024-01-01", "--columns", "id, country ,dt",
                "--limit", "1", "--output", out.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out)).first().isEqualTo("id,country,dt");
    }

    @Test
    void jsonOfAnOutputWithoutDestGivesNoLocalPathsForTheTemporaryFiles() throws IOException {
        Path out = tmp.resolve("only.csv");

        Cli.Result r = run("--table", DB + ".sales", "--partition", "country=FI,dt=2024-01-01", "--columns", "id",
                "--limit", "1", "--output", out.toString(), "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("dest").isNull()).isTrue();
        assertThat(doc.get("files")).isNotEmpty().allSatisfy(f -> assertThat(f.has("path")).isFalse());
        assertThat(doc.get("output").asText()).isEqualTo(out.toAbsolutePath().toString());
    }

    @Test
    void anUnknownColumnExitsWith2NamingTheTablesColumnsBeforeDownloadingAnything() {
        Path dest = tmp.resolve("never");
        Path out = tmp.resolve("never.csv");

        Cli.Result r = run("--table", DB + ".sales", "--columns", "id,prodcut", "--output", out.toString(),
                "--dest", dest.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--columns names prodcut, which " + DB + ".sales does not have")
                .contains("its columns are id, product").doesNotContain("loaded");
        assertThat(dest).doesNotExist();
        assertThat(out).doesNotExist();
    }

    @Test
    void aMisspeltColumnInWhereExitsWith2KeepingTheEarlierLoadAndWritingNoOutput() throws IOException {
        Cli.Result r = extractFailingOverAnEarlierLoad("misspelt", "prodcut = 'lamp'");

        assertThat(r.err()).contains("cannot select rows where prodcut = 'lamp'")
                .contains("Referenced column \"prodcut\" not found").contains("\"product\"")
                .contains("without reading its files").doesNotContain("loaded").doesNotContain("\tat ");
    }

    @Test
    void aWhereThatFailsOnlyOverTheDataExitsWith2KeepingTheEarlierLoadAndWritingNoOutput() throws IOException {
        // Valid SQL over the table's columns, so nothing refuses it before the download: only a
        // row's value ('FI') fails, once the files are there.
        Cli.Result r = extractFailingOverAnEarlierLoad("conversion", "CAST(country AS INTEGER) > 0");

        assertThat(r.err()).contains("Conversion Error").doesNotContain("\tat ");
    }

    /**
     * Loads {@code country=SE} into a directory, then runs an extract of the whole table into the
     * same directory with {@code where}, and checks that it exits 2, leaving the earlier load (and
     * no staging directory) in place and writing no output.
     */
    private Cli.Result extractFailingOverAnEarlierLoad(String name, String where) throws IOException {
        Path dest = tmp.resolve("kept-before-" + name);
        Path out = tmp.resolve(name + ".csv");
        assertThat(run("--table", DB + ".sales", "--partition", "country=SE", "--dest", dest.toString()).code()).isZero();
        List<String> before = dataFiles(dest);

        Cli.Result r = run("--table", DB + ".sales", "--where", where, "--output", out.toString(), "--dest", dest.toString());

        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(dataFiles(dest)).isEqualTo(before); // not replaced by the whole table
        assertThat(out).doesNotExist();
        assertThat(tmp).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".kept-before-" + name));
        return r;
    }

    @Test
    void aDryRunChecksWhereAgainstTheTableAsALoadWould() {
        Path out = tmp.resolve("dry.csv");

        Cli.Result bad = run("--table", DB + ".sales", "--where", "lenght(product) > 3", "--output", out.toString(),
                "--dry-run");
        Cli.Result good = run("--table", DB + ".sales", "--where", "length(product) > 3 AND country = 'FI'",
                "--output", out.toString(), "--dry-run");

        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("Catalog Error", "lenght", "Did you mean \"length\"").doesNotContain("would load");
        assertThat(good.code()).as(good.err()).isZero();
        assertThat(good.err()).contains("would load 3 file(s)", "from 2 partition(s)"); // only FI's: --where prunes
        assertThat(out).doesNotExist();
    }

    @Test
    void whereWithoutOutputIsAUsageError() {
        Cli.Result r = run("--table", DB + ".sales", "--where", "id > 1");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("add --output");
    }

    @Test
    void aBadPartitionSpecExitsWith2NamingIt() {
        Cli.Result r = run("--table", DB + ".sales", "--partition", "dt>=yesterday", "--dry-run");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("dt>=yesterday").doesNotContain("\tat ");
    }

    @Test
    void aMissingTableExitsWith3AndSuggestsSimilarOnes() {
        Cli.Result r = run("--table", DB + ".sale", "--dry-run");

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains(DB + ".sale").contains("sales");
    }

    @Test
    void aFilterMatchingNothingExitsWith4() {
        Cli.Result r = run("--table", DB + ".sales", "--partition", "country=NO");

        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("FI, SE");
    }

    @Test
    void anUnreachableMetastoreExitsWith6() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Cli.Result r = Cli.run("describe", "--table", DB + ".sales", "--metastore", "thrift://127.0.0.1:" + closedPort);

        assertThat(r.code()).isEqualTo(6);
        assertThat(r.err()).contains("127.0.0.1:" + closedPort);
    }

    @Test
    void shardsCoverEveryFileExactlyOnce() throws IOException {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path dest = tmp.resolve("shard" + i);
            Cli.Result r = run("--table", DB + ".sales", "--shard", i + "/3", "--dest", dest.toString());
            assertThat(r.code()).as(r.err()).isZero();
            all.addAll(dataFiles(dest));
        }
        assertThat(all).hasSize(4).doesNotHaveDuplicates();

        Cli.Result plan = run("plan", "--table", DB + ".sales", "--shards", "3", "--json");
        assertThat(plan.code()).as(plan.err()).isZero();
        assertThat(JSON.readTree(plan.out()).get("shards")).hasSize(3);
    }

    @Test
    void aPartitionStoredAsTextIsShownAsSuchAndAnExtractOverItIsRefusedBeforeTheDownload() {
        Cli.Result partitions = run("partitions", "--table", DB + ".sales_mixed");
        Path out = tmp.resolve("mixed.csv");
        Cli.Result extract = run("--table", DB + ".sales_mixed", "--where", "id > 0", "--output", out.toString());

        assertThat(partitions.code()).as(partitions.err()).isZero();
        assertThat(partitions.out().lines()).satisfiesExactly(
                fi -> assertThat(fi).startsWith("country=FI/dt=2024-01-01").doesNotContain("stored as"),
                se -> assertThat(se).startsWith("country=SE/dt=2024-01-01").endsWith("(stored as TEXT)"));
        assertThat(extract.code()).isEqualTo(2);
        assertThat(extract.err()).contains("its partition country=SE/dt=2024-01-01 is stored as TEXT");
        assertThat(out).doesNotExist();
    }

    @Test
    void partitionsMatchingNothingExitFourNamingTheValuesThereAreAsALoadWould() throws IOException {
        Cli.Result text = run("partitions", "--table", DB + ".sales", "--partition", "country=NO");
        Cli.Result json = run("partitions", "--table", DB + ".sales", "--partition", "country=NO", "--json");

        assertThat(text.code()).isEqualTo(4);
        assertThat(text.out()).isEmpty();
        assertThat(text.err()).contains("no partition of " + DB + ".sales matches").contains("country has FI, SE");
        assertThat(json.code()).isEqualTo(4);
        assertThat(JSON.readTree(json.out()).get("partitions")).isEmpty();
    }

    @Test
    void describeAndPartitionsPrintJson() throws IOException {
        Cli.Result describe = run("describe", "--table", DB + ".sales", "--json");
        Cli.Result partitions = run("partitions", "--table", DB + ".sales", "--partition", "country=FI", "--json");

        assertThat(describe.code()).as(describe.err()).isZero();
        JsonNode table = JSON.readTree(describe.out());
        assertThat(table.get("format").asText()).isEqualTo("PARQUET");
        assertThat(table.get("loadable").asBoolean()).isTrue();
        assertThat(table.has("notLoadable")).isFalse();
        assertThat(table.get("partitionKeys").get(1).get("type").asText()).isEqualTo("date");
        assertThat(partitions.code()).as(partitions.err()).isZero();
        JsonNode doc = JSON.readTree(partitions.out());
        assertThat(doc.get("table").asText()).isEqualTo(DB + ".sales");
        assertThat(doc.get("partitions")).hasSize(2);
        assertThat(doc.get("partitions").get(0).get("values").get("dt").asText()).isEqualTo("2024-01-01");
        assertThat(doc.get("partitions").get(0).get("location").asText()).endsWith("/sales/country=FI/dt=2024-01-01");
        assertThat(doc.get("partitions").get(0).get("format").asText()).isEqualTo("PARQUET");
    }

    @Test
    void describeShowsATableALoadRefusesWithTheReason() throws IOException {
        String delta = IMPALA_DB + ".events_delta";

        Cli.Result text = run("describe", "--table", delta);
        Cli.Result json = run("describe", "--table", delta, "--json");
        Cli.Result load = run("--table", delta, "--dry-run");

        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("location    s3://bucket/events_delta")
                .contains("loadable    no: table " + delta + " is a Delta Lake table").containsPattern("kind\\s+string");
        JsonNode doc = JSON.readTree(json.out());
        assertThat(doc.get("loadable").asBoolean()).isFalse();
        assertThat(doc.get("notLoadable").asText()).startsWith("table " + delta + " is a Delta Lake table");
        assertThat(doc.get("columns")).hasSize(2);
        assertThat(load.code()).isEqualTo(2);
        assertThat(load.err()).contains(doc.get("notLoadable").asText());
    }

    private static List<String> dataFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }
}
