package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.sandbox.hms.HiveMetastoreExtension;
import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Destinations the command cannot write: a directory the user may not write in, a file where a
 * directory must be. Each is one clear line naming the place and the cause, with its exit code
 * (5 for permissions, 2 for a file in the way), not an internal error, and nothing is left behind.
 */
@ExtendWith({S3ServerExtension.class, HiveMetastoreExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnwritableDestinationTest {
    private static final String DB = "cli_unwritable";

    @TempDir Path tmp;
    private String location;
    private List<String> s3Connection;
    private List<String> metastore;

    @BeforeAll
    void createTable(S3Server s3, HiveMetastoreSandbox hms) {
        location = BlobTable.create(s3, hms.uri(), DB, 2, 64 * 1024, 11);
        Cli.useCredentials(s3.accessKey(), s3.secretKey(), s3.region());
        s3Connection = List.of("--endpoint", s3.endpoint().toString(), "--path-style");
        metastore = List.of("--metastore", hms.uri());
    }

    private Cli.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!args[0].equals("s3")) {
            all.addAll(metastore);
        }
        all.addAll(s3Connection);
        return Cli.run(all.toArray(String[]::new));
    }

    /**
     * A directory this process may not create anything in. Root may write anywhere permission
     * bits allow nothing, so for root it is {@code /sys}, where the kernel refuses every new entry.
     */
    private Path unwritableDirectory() throws IOException {
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/sys");
        }
        Path dir = Files.createDirectory(tmp.resolve("read-only"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
        return dir;
    }

    private Path aFile() throws IOException {
        return Files.writeString(tmp.resolve("a-file"), "not a directory");
    }

    @Test
    void aLoadIntoADirectoryTheUserCannotWriteExitsWith5NamingIt() throws IOException {
        Path parent = unwritableDirectory();

        Cli.Result r = run("--table", DB + ".blobs", "--dest", parent.resolve("blobs").toString());

        assertThat(r.code()).as(r.err()).isEqualTo(5);
        assertThat(r.err().lines()).singleElement().asString()
                .contains("could not create a directory in " + parent).contains("choose a destination this user can write to");
        assertThat(parent.resolve("blobs")).doesNotExist();
    }

    @Test
    void anOutputTheUserCannotWriteExitsWith5BeforeAnythingIsDownloaded() throws IOException {
        Path output = unwritableDirectory().resolve("extract.csv");

        // The table's files are random bytes, not Parquet: had they been downloaded and queried,
        // DuckDB would have failed on them instead.
        Cli.Result r = run("--table", DB + ".blobs", "--output", output.toString(), "--columns", "id");

        assertThat(r.code()).as(r.err()).isEqualTo(5);
        assertThat(r.err().lines()).singleElement().asString()
                .contains("could not write " + output).contains("choose a destination this user can write to");
        assertThat(output).doesNotExist();
        try (var beside = Files.list(output.getParent())) {
            assertThat(beside.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith(".extract.csv."));
        }
    }

    @Test
    void anOutputBeneathAFileExitsWith2SayingAFileIsInTheWay() throws IOException {
        Path file = aFile();

        Cli.Result r = run("--table", DB + ".blobs", "--output", file.resolve("extract.csv").toString());

        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().asString()
                .contains(file + ": not a directory").contains("a file stands where a directory is needed");
        assertThat(file).hasContent("not a directory");
    }

    @Test
    void anOutputNamingADirectoryExitsWith2AndLeavesTheDirectoryAlone() throws IOException {
        Path directory = Files.createDirectories(tmp.resolve("looks-like.csv"));
        Files.writeString(directory.resolve("keep.txt"), "kept");

        Cli.Result r = run("--table", DB + ".blobs", "--output", directory.toString());

        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().asString().contains(directory + " is a directory; name a file in it");
        assertThat(directory.resolve("keep.txt")).hasContent("kept");
    }

    @Test
    void aLoadBeneathAFileExitsWith2SayingAFileIsInTheWay() throws IOException {
        Path file = aFile();

        Cli.Result r = run("--table", DB + ".blobs", "--dest", file.resolve("blobs").toString());

        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("could not create " + file + ": not a directory");
        assertThat(file).hasContent("not a directory");
    }

    @Test
    void anS3GetIntoAnExistingDirectoryTheUserCannotWriteExitsWith5OnceNotOncePerObject() throws IOException {
        Path directory = unwritableDirectory();

        Cli.Result r = run("s3", "get", "--recursive", location + "/", "--dest", directory.toString());

        assertThat(r.code()).as(r.err()).isEqualTo(5);
        assertThat(r.err().lines()).singleElement().asString()
                .contains("could not write in the destination " + directory).doesNotContain("credentials");
    }

    @Test
    void anS3GetIntoAFileExitsWith2OnceNotOncePerObject() throws IOException {
        Path file = aFile();

        Cli.Result r = run("s3", "get", "--recursive", location + "/", "--dest", file.toString());

        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().asString().contains("the destination " + file + " is a file, not a directory");
        assertThat(file).hasContent("not a directory");
    }

    @Test
    void anS3GetIntoADirectoryTheUserCannotWriteExitsWith5OnceNotOncePerObject() throws IOException {
        Path dest = unwritableDirectory().resolve("got");

        Cli.Result r = run("s3", "get", "--recursive", location + "/", "--dest", dest.toString());

        assertThat(r.code()).as(r.err()).isEqualTo(5);
        assertThat(r.err().lines()).singleElement().asString()
                .contains("could not create the destination " + dest).contains("choose a destination this user can write to");
        assertThat(dest).doesNotExist();
    }
}
