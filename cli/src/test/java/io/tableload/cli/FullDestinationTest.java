package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tableload.sandbox.hms.HiveMetastoreExtension;
import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Loads into a destination on a real, tiny tmpfs: too small for the load, or filled by another
 * load at the same time. The answer must be exit code 7 with needed and available bytes, and
 * nothing half-written or lost.
 */
@ExtendWith({S3ServerExtension.class, HiveMetastoreExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FullDestinationTest {
    private static final String DB = "cli_room";
    /** Two files of this size make one load: 600 KiB. */
    private static final int FILE_BYTES = 300 * 1024;

    private List<String> connection;
    private final List<SmallTmpfs> mounts = new ArrayList<>();

    @BeforeAll
    void createTable(S3Server s3, HiveMetastoreSandbox hms) throws IOException {
        BlobTable.create(s3, hms.uri(), DB, 2, FILE_BYTES, 7);
        Cli.useCredentials(s3.accessKey(), s3.secretKey(), s3.region());
        connection = List.of("--metastore", hms.uri(), "--endpoint", s3.endpoint().toString(), "--path-style");
    }

    @AfterAll
    void unmount() throws Exception {
        for (SmallTmpfs mount : mounts) {
            mount.close();
        }
    }

    private Path smallTmpfs(int kib) throws Exception {
        SmallTmpfs mount = SmallTmpfs.mount(kib);
        assumeTrue(mount != null, "mounting a small tmpfs needs root; this machine's user cannot");
        mounts.add(mount);
        return mount.dir();
    }

    private Cli.Result load(Path dest) {
        List<String> args = new ArrayList<>(List.of("--table", DB + ".blobs", "--dest", dest.toString()));
        args.addAll(connection);
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void aDestinationTooSmallExitsWith7SayingNeededAndFreeBytesAndWritesNothing() throws Exception {
        Path fs = smallTmpfs(256);

        Cli.Result r = load(fs.resolve("blobs"));

        assertThat(r.code()).as(r.err()).isEqualTo(7);
        assertThat(r.err()).contains("not enough room").contains(2 * FILE_BYTES + " bytes").contains("free");
        assertThat(entries(fs)).isEmpty();
    }

    @Test
    void reloadingWithoutRoomForTheNewCopyKeepsThePreviousLoadIntact() throws Exception {
        Path fs = smallTmpfs(1024);
        Path dest = fs.resolve("blobs");
        assertThat(load(dest).code()).isZero();
        List<String> before = entries(fs);

        Cli.Result again = load(dest);

        assertThat(again.code()).as(again.err()).isEqualTo(7);
        assertThat(entries(fs)).isEqualTo(before);
        assertThat(Files.size(dest.resolve("k=a/part-0.parquet"))).isEqualTo(FILE_BYTES);
        assertThat(Files.size(dest.resolve("k=a/part-1.parquet"))).isEqualTo(FILE_BYTES);
    }

    @Test
    void twoLoadsThatTogetherOverfillTheFileSystemLeaveNoHalfWrittenDestination() throws Exception {
        Path fs = smallTmpfs(1024);
        Path first = fs.resolve("one");
        Path second = fs.resolve("two");

        CompletableFuture<Cli.Result> a = CompletableFuture.supplyAsync(() -> load(first));
        CompletableFuture<Cli.Result> b = CompletableFuture.supplyAsync(() -> load(second));
        List<Cli.Result> results = List.of(a.join(), b.join());

        // Each passes or fails the room check depending on timing; both cannot fit.
        assertThat(results).as(results.toString()).extracting(Cli.Result::code).containsAnyOf(7).allMatch(c -> c == 0 || c == 7);
        List<Path> dests = List.of(first, second);
        for (int i = 0; i < 2; i++) {
            if (results.get(i).code() == 0) {
                assertThat(Files.size(dests.get(i).resolve("k=a/part-0.parquet"))).isEqualTo(FILE_BYTES);
                assertThat(Files.size(dests.get(i).resolve("k=a/part-1.parquet"))).isEqualTo(FILE_BYTES);
            } else {
                assertThat(results.get(i).err()).containsAnyOf("not enough room", "the destination is full");
                assertThat(dests.get(i)).doesNotExist();
            }
        }
        assertThat(entries(fs)).noneMatch(name -> name.contains(".tableload-"));
    }

    /** Every path under {@code root}, relative and sorted. */
    private static List<String> entries(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }
}
