package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.tableload.s3.Destination;
import io.tableload.s3.PutOptions;
import io.tableload.s3.S3Credentials;
import io.tableload.s3.S3Session;
import io.tableload.s3.S3Settings;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(S3ServerExtension.class)
class S3CommandsTest {
    @TempDir Path tmp;
    private S3Server s3;
    private String bucket;
    private List<String> connection;

    @BeforeEach
    void connect(S3Server server) {
        s3 = server;
        bucket = server.createUniqueBucket("cli");
        Cli.useCredentials(server.accessKey(), server.secretKey(), server.region());
        connection = List.of("--endpoint", server.endpoint().toString(), "--path-style");
    }

    private Cli.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(connection);
        return Cli.run(all.toArray(String[]::new));
    }

    private Path tree() throws IOException {
        Path dir = tmp.resolve("data");
        Random random = new Random(5);
        for (String name : List.of("a.bin", "sub/b.bin", "sub/deeper/c d+e%.bin", "ünï.bin")) {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            byte[] bytes = new byte[1000 + random.nextInt(300_000)];
            random.nextBytes(bytes);
            Files.write(file, bytes);
        }
        return dir;
    }

    @Test
    void putThenRecursiveGetRoundTripsADirectoryByteForByte() throws IOException {
        Path data = tree();

        Cli.Result put = run("s3", "put", data.toString(), "s3://" + bucket + "/in/");
        assertThat(put.code()).as(put.err()).isZero();
        assertThat(put.out().lines()).hasSize(4).allMatch(l -> l.startsWith("s3://" + bucket + "/in/data/"));

        Path dest = tmp.resolve("out");
        Cli.Result get = run("s3", "get", "--recursive", "s3://" + bucket + "/in/data", "--dest", dest.toString());
        assertThat(get.code()).as(get.err()).isZero();
        assertThat(get.out().lines()).hasSize(4);
        assertThat(get.err()).contains("downloaded 4 object(s)");
        for (Path original : regularFiles(data)) {
            assertThat(dest.resolve(data.relativize(original).toString())).hasSameBinaryContentAs(original);
        }
    }

    @Test
    void recursiveGetSkipsFolderMarkersAndKeepsWhatIsInTheFolder() throws IOException {
        S3Settings settings = S3Settings.defaults().withEndpoint(s3.endpoint()).withRegion(s3.region()).withPathStyle(true)
                .withCredentials(S3Credentials.of(s3.accessKey(), s3.secretKey()));
        try (S3Session session = S3Session.open(settings, new Destination.Memory())) {
            session.put("s3://" + bucket + "/m/dir/", new byte[0], PutOptions.defaults()); // as a console makes a folder
            session.put("s3://" + bucket + "/m/dir/a.txt", "in the folder", PutOptions.defaults());
        }
        Path dest = tmp.resolve("m");

        Cli.Result r = run("s3", "get", "--recursive", "s3://" + bucket + "/m/", "--dest", dest.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(dest.resolve("dir/a.txt")).hasContent("in the folder");
        assertThat(r.err()).contains("downloaded 1 object(s)");
    }

    @Test
    void lsShowsOneLevelWithPrefixesAndRecursiveShowsEverything() throws IOException {
        run("s3", "put", tree().toString(), "s3://" + bucket + "/t/");

        Cli.Result oneLevel = run("s3", "ls", "s3://" + bucket + "/t/data/");
        Cli.Result all = run("s3", "ls", "--recursive", "--json", "s3://" + bucket + "/t/");

        assertThat(oneLevel.code()).isZero();
        assertThat(oneLevel.out()).contains("PRE s3://" + bucket + "/t/data/sub/").contains("/t/data/a.bin");
        assertThat(oneLevel.out().lines()).hasSize(3);
        assertThat(all.out()).contains("\"entries\"").contains("c d+e%.bin").contains("ünï.bin");
        assertThat(all.out().split("\"url\"", -1)).hasSize(5);
    }

    @Test
    void lsOfSeveralUrlsShowsEachUrlsEntriesInTheOrderTheUrlsWereGiven() throws IOException {
        run("s3", "put", tree().toString(), "s3://" + bucket + "/t/");
        String base = "s3://" + bucket + "/t/data/";

        Cli.Result r = run("s3", "ls", "--recursive", base + "sub/", base + "a.bin", base + "missing/", base);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().map(line -> line.substring(line.lastIndexOf(" s3://") + 1))).containsExactly(
                base + "sub/b.bin", base + "sub/deeper/c d+e%.bin", // the first URL's, in key order
                base + "a.bin", // the object the second URL names
                base + "a.bin", base + "sub/b.bin", base + "sub/deeper/c d+e%.bin", base + "ünï.bin");
    }

    @Test
    void lsOfSeveralUrlsOneOfThemInAMissingBucketFailsNamingIt() {
        Cli.Result r = run("s3", "ls", "s3://" + bucket + "/", "s3://" + bucket + "-not-there/x/", "s3://" + bucket + "/y/");

        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains(bucket + "-not-there");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void recursiveGetOfSeveralPrefixesPutsEachPrefixsObjectsUnderDest() throws IOException {
        Path data = tree();
        run("s3", "put", data.toString(), "s3://" + bucket + "/one/");
        run("s3", "put", data.resolve("sub").toString(), "s3://" + bucket + "/two/");
        Path dest = tmp.resolve("several");

        Cli.Result r = run("s3", "get", "--recursive", "s3://" + bucket + "/one/data/sub/deeper/",
                "s3://" + bucket + "/two/sub/", "--dest", dest.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("downloaded 3 object(s)");
        assertThat(dest.resolve("c d+e%.bin")).hasSameBinaryContentAs(data.resolve("sub/deeper/c d+e%.bin"));
        assertThat(dest.resolve("b.bin")).hasSameBinaryContentAs(data.resolve("sub/b.bin"));
        assertThat(dest.resolve("deeper/c d+e%.bin")).hasSameBinaryContentAs(data.resolve("sub/deeper/c d+e%.bin"));
    }

    @Test
    void lsOfAnObjectsOwnUrlShowsTheObject() throws IOException {
        run("s3", "put", tree().toString(), "s3://" + bucket + "/t/");
        String url = "s3://" + bucket + "/t/data/a.bin";

        Cli.Result r = run("s3", "ls", url);
        Cli.Result missing = run("s3", "ls", url + "-not-there");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines()).singleElement().asString()
                .endsWith(" " + Files.size(tmp.resolve("data/a.bin")) + " " + url);
        assertThat(missing.code()).isZero();
        assertThat(missing.out()).isEmpty();
    }

    @Test
    void getOfAPrefixWithoutRecursiveSaysToAddRecursive() throws IOException {
        run("s3", "put", tree().toString(), "s3://" + bucket + "/t/");

        Cli.Result withSlash = run("s3", "get", "s3://" + bucket + "/t/data/", "--dest", tmp.resolve("a").toString());
        Cli.Result withoutSlash = run("s3", "get", "s3://" + bucket + "/t/data", "--dest", tmp.resolve("b").toString());
        Cli.Result plainMissing = run("s3", "get", "s3://" + bucket + "/t/nothing", "--dest", tmp.resolve("c").toString());

        assertThat(withSlash.code()).isEqualTo(3);
        assertThat(withSlash.err()).contains("s3://" + bucket + "/t/data/ is a prefix with objects under it: add --recursive");
        assertThat(withoutSlash.code()).isEqualTo(3);
        assertThat(withoutSlash.err()).contains("add --recursive");
        assertThat(plainMissing.code()).isEqualTo(3);
        assertThat(plainMissing.err()).contains("no such object").doesNotContain("--recursive");
    }

    @Test
    void getOfABucketWithoutRecursiveSaysToAddRecursive() {
        Cli.Result r = run("s3", "get", "s3://" + bucket, "--dest", tmp.resolve("a").toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("s3://" + bucket + " names a bucket, not an object: add --recursive");
    }

    @Test
    void anEndpointThatIsNoHttpUrlIsAUsageError() {
        Cli.Result r = Cli.run("s3", "ls", "s3://" + bucket + "/", "--endpoint", "ftp://127.0.0.1:1", "--path-style");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("endpoint must be an absolute http(s) URL, was ftp://127.0.0.1:1");
    }

    @Test
    void putOfTwoFilesOfOneNameIsRefusedAndUploadsNothing() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(a.resolve("x.txt"), "from a");
        Files.writeString(b.resolve("x.txt"), "from b");

        Cli.Result r = run("s3", "put", a.resolve("x.txt").toString(), b.resolve("x.txt").toString(), "s3://" + bucket + "/p/");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(a.resolve("x.txt") + " and " + b.resolve("x.txt") + " would both be uploaded to s3://"
                + bucket + "/p/x.txt");
        assertThat(run("s3", "ls", "--recursive", "s3://" + bucket + "/").out()).isEmpty();
    }

    @Test
    void anEmptyPathIsRefusedRatherThanTakenAsTheCurrentDirectory() {
        Cli.Result put = run("s3", "put", "", "s3://" + bucket + "/p/");
        Cli.Result get = run("s3", "get", "s3://" + bucket + "/any", "--dest", "");

        assertThat(put.code()).isEqualTo(2);
        assertThat(put.err()).contains("an empty path was given");
        assertThat(run("s3", "ls", "--recursive", "s3://" + bucket + "/").out()).isEmpty();
        assertThat(get.code()).isEqualTo(2);
        assertThat(get.err()).contains("Invalid value for option '--dest': an empty path was given");
    }

    @Test
    void putWithOneMissingPathUploadsNothing() throws IOException {
        Path data = tree();

        Cli.Result r = run("s3", "put", data.toString(), tmp.resolve("missing.bin").toString(), "s3://" + bucket + "/p/");

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("no such file or directory: " + tmp.resolve("missing.bin"));
        assertThat(run("s3", "ls", "--recursive", "s3://" + bucket + "/").out()).isEmpty();
    }

    @Test
    void putOfAPipeIsAUsageErrorNotAMissingFileAndUploadsNothing() throws Exception {
        Path data = tree();
        Path pipe = tmp.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();

        Cli.Result r = run("s3", "put", data.toString(), pipe.toString(), "s3://" + bucket + "/p/");

        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(pipe + " is neither a regular file nor a directory");
        assertThat(run("s3", "ls", "--recursive", "s3://" + bucket + "/").out()).isEmpty();
    }

    @Test
    void putWithAUrlAmongItsPathsSaysTheTargetComesLastAndUploadsNothing() throws IOException {
        Path data = tree();

        Cli.Result r = run("s3", "put", data.toString(), "s3://" + bucket + "/one/", data.resolve("a.bin").toString(),
                "s3://" + bucket + "/two/");

        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("'s3://" + bucket + "/one/' is an S3 URL where a local PATH must be");
        assertThat(run("s3", "ls", "--recursive", "s3://" + bucket + "/").out()).isEmpty();
    }

    @Test
    void putOfAFileThisUserMayNotReadFailsAtOnceWithExitCode5AndUploadsNothing() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may read any file");
        Path data = tree();
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "s", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(secret, Set.of(PosixFilePermission.OWNER_WRITE));

        Cli.Result r = run("s3", "put", data.toString(), secret.toString(), "s3://" + bucket + "/p/");

        assertThat(r.code()).as(r.err()).isEqualTo(5);
        assertThat(r.err()).contains("cannot upload " + secret + ": permission denied").doesNotContain("attempt");
        assertThat(run("s3", "ls", "--recursive", "s3://" + bucket + "/").out()).isEmpty();
    }

    @Test
    void putWithMetadataAHeaderCannotCarryIsAUsageErrorAndUploadsNothing() throws IOException {
        Path data = tree();

        Cli.Result r = run("s3", "put", data.toString(), "s3://" + bucket + "/p/", "--metadata", "model version=3");

        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--metadata").contains("'model version'");
        assertThat(run("s3", "ls", "--recursive", "s3://" + bucket + "/").out()).isEmpty();
    }

    @Test
    void noOverwriteLeavesTheExistingObject() throws IOException {
        Path first = Files.writeString(tmp.resolve("v1.txt"), "first", StandardCharsets.UTF_8);
        Path second = Files.writeString(tmp.resolve("v2.txt"), "second", StandardCharsets.UTF_8);
        String url = "s3://" + bucket + "/one.txt";
        assertThat(run("s3", "put", first.toString(), url).code()).isZero();

        Cli.Result again = run("s3", "put", "--no-overwrite", second.toString(), url);
        Cli.Result got = run("s3", "get", url, "--dest", tmp.resolve("got").toString());

        assertThat(again.code()).isZero();
        assertThat(again.err()).contains("left as it was");
        assertThat(got.code()).isZero();
        assertThat(tmp.resolve("got/one.txt")).hasContent("first");
    }

    @Test
    void aMissingKeyExitsWith3NamingTheUrl() {
        Cli.Result r = run("s3", "get", "s3://" + bucket + "/nope.bin", "--dest", tmp.toString());

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("s3://" + bucket + "/nope.bin");
        assertThat(tmp.resolve("nope.bin")).doesNotExist();
    }

    @Test
    void anArgumentsFileThatIsNotThereIsNamedBeforeAnythingIsListed() throws IOException {
        Path urls = Files.writeString(tmp.resolve("urls.txt"), "s3://" + bucket + "/t/\n");

        Cli.Result typo = run("s3", "ls", "s3://" + bucket + "/", "@" + tmp.resolve("urls.tx"));
        Cli.Result read = run("s3", "get", "--recursive", "@" + urls, "--dest", tmp.resolve("d").toString());

        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("there is no file " + tmp.resolve("urls.tx") + " to read arguments from");
        assertThat(typo.out()).isEmpty();
        assertThat(read.code()).as(read.err()).isZero(); // nothing under the prefix: nothing to get
    }

    @Test
    void aBadUrlIsAUsageError() {
        Cli.Result r = run("s3", "ls", "http://not-s3/x");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("s3://");
    }

    @Test
    void aWrongSecretExitsWith5AndNeverPrintsTheSecret() {
        Cli.useCredentials(s3.accessKey(), "wrong-secret-XYZ", s3.region());
        try {
            Cli.Result r = run("s3", "ls", "s3://" + bucket + "/");

            assertThat(r.code()).isEqualTo(5);
            assertThat(r.out() + r.err()).doesNotContain("wrong-secret-XYZ");
        } finally {
            Cli.useCredentials(s3.accessKey(), s3.secretKey(), s3.region());
        }
    }

    private static List<Path> regularFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
