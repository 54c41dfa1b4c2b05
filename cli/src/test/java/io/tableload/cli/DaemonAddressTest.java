package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonAddressTest {
    private static final Map<String, String> ENV = Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE",
            "AWS_SECRET_ACCESS_KEY", "secret-value-123", "TABLELOAD_METASTORE", "thrift://a:9083",
            "XDG_RUNTIME_DIR", "/run/user/1000", "HOME", "/home/ds", "COUNTRY", "FI");

    @TempDir Path tmp;

    @Test
    void theSocketIsNamedForTheVariablesACommandDependsOnAndNotForOthers() {
        Path socket = DaemonAddress.socket(ENV);

        assertThat(socket.getParent()).isEqualTo(Path.of("/run/user/1000/tableload"));
        assertThat(DaemonAddress.socket(with("COUNTRY", "SE"))).isEqualTo(socket);
        assertThat(DaemonAddress.socket(with("TABLELOAD_DAEMON", "off"))).isEqualTo(socket);
        assertThat(DaemonAddress.socket(with("AWS_SECRET_ACCESS_KEY", "another"))).isNotEqualTo(socket);
        assertThat(DaemonAddress.socket(with("TABLELOAD_METASTORE", "thrift://b:9083"))).isNotEqualTo(socket);
        assertThat(DaemonAddress.socket(with("AWS_PROFILE", "prod"))).isNotEqualTo(socket);
        assertThat(DaemonAddress.socket(with("HTTPS_PROXY", "http://proxy:3128"))).isNotEqualTo(socket);
    }

    @Test
    void jvmOptionsInAnyOfTheVariablesTheJvmReadsNameTheSocket() {
        Path socket = DaemonAddress.socket(ENV);

        assertThat(DaemonAddress.socket(with("_JAVA_OPTIONS", "-Daws.secretAccessKey=x"))).isNotEqualTo(socket);
        assertThat(DaemonAddress.socket(with("JAVA_TOOL_OPTIONS", "-Xmx1g"))).isNotEqualTo(socket);
    }

    @Test
    void aVariableNamingAFileRelativeToTheWorkingDirectoryNamesTheSocketForThatDirectoryToo() {
        String before = System.getProperty("user.dir");
        try {
            Map<String, String> relative = with("AWS_SHARED_CREDENTIALS_FILE", "creds");
            Map<String, String> absolute = with("AWS_SHARED_CREDENTIALS_FILE", "/home/ds/creds");
            Path relativeHere = DaemonAddress.socket(relative);
            Path absoluteHere = DaemonAddress.socket(absolute);
            System.setProperty("user.dir", tmp.toString());

            assertThat(DaemonAddress.socket(relative)).isNotEqualTo(relativeHere); // another directory's "creds"
            assertThat(DaemonAddress.socket(absolute)).isEqualTo(absoluteHere);
        } finally {
            System.setProperty("user.dir", before);
        }
        assertThat(DaemonAddress.mayHoldRelativePath("HIVE_CONF_DIR", "conf")).isTrue();
        assertThat(DaemonAddress.mayHoldRelativePath("TABLELOAD_JAVA_OPTS", "-Xmx1g -Djavax.net.ssl.trustStore=ca.jks")).isTrue();
        assertThat(DaemonAddress.mayHoldRelativePath("TABLELOAD_JAVA_OPTS", "-Xmx1g -Dx=/etc/ca.jks")).isFalse();
        assertThat(DaemonAddress.mayHoldRelativePath("AWS_REGION", "eu-west-1")).isFalse();
    }

    @Test
    void theSocketIsNamedForTheUmaskWhichSetsTheModesOfWhatACommandCreates() {
        assertThat(DaemonAddress.socket(ENV, "0022")).isEqualTo(DaemonAddress.socket(ENV, "0022"))
                .isNotEqualTo(DaemonAddress.socket(ENV, "0002"));
        assertThat(DaemonAddress.processUmask()).matches("[0-7]{4}");
    }

    @Test
    void theSocketIsNamedForTheLaunchersChoiceOfJitCompilers() {
        String before = System.getProperty("tableload.jit");
        try {
            System.setProperty("tableload.jit", "c1");
            long c1 = DaemonAddress.digest(Map.of(), "0022");
            System.setProperty("tableload.jit", "c2");

            assertThat(DaemonAddress.digest(Map.of(), "0022")).isNotEqualTo(c1);
        } finally {
            if (before == null) {
                System.clearProperty("tableload.jit");
            } else {
                System.setProperty("tableload.jit", before);
            }
        }
    }

    @Test
    void theSocketNameCarriesNoValueOfTheEnvironment() {
        String name = DaemonAddress.socket(ENV).getFileName().toString();

        assertThat(name).matches("daemon-[0-9a-f]{1,16}\\.sock").doesNotContain("secret", "AKIA");
    }

    @Test
    void withoutARuntimeDirectoryTheSocketsAreInTheUsersOwnDirectoryUnderTheTempDir() {
        Map<String, String> env = new HashMap<>(ENV);
        env.remove("XDG_RUNTIME_DIR");

        assertThat(DaemonAddress.directory(env)).isEqualTo(
                Path.of(System.getProperty("java.io.tmpdir"), "tableload-" + System.getProperty("user.name")));
    }

    @Test
    void aDaemonRefusesADirectoryOthersCanEnter() throws Exception {
        Path open = Files.createDirectory(tmp.resolve("open"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x")); // whatever the umask

        assertThatThrownBy(() -> DaemonServer.listen(open.resolve("d.sock"), Duration.ofMinutes(1), 1))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("closed to others (mode 700)").hasMessageContaining("rwxr-xr-x");
        assertThat(DaemonAddress.whyNotPrivate(open)).isPresent();
        assertThat(open.resolve("d.sock")).doesNotExist();
    }

    @Test
    void onlyAPrivateDirectoryOfThisUsersMayHoldASocket() throws Exception {
        Path closed = Files.createDirectory(tmp.resolve("closed"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), closed);
        Path file = Files.createFile(tmp.resolve("file"));
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwx-wx-wx"));

        assertThat(DaemonAddress.whyNotPrivate(closed)).isEmpty();
        assertThat(DaemonAddress.whyNotPrivate(link)).hasValueSatisfying(why -> assertThat(why).contains("not a directory"));
        assertThat(DaemonAddress.whyNotPrivate(file)).hasValueSatisfying(why -> assertThat(why).contains("not a directory"));
        assertThat(DaemonAddress.whyNotPrivate(shared)).hasValueSatisfying(why -> assertThat(why).contains("rwx-wx-wx"));
        assertThat(DaemonAddress.whyNotPrivate(tmp.resolve("missing"))).isPresent();
    }

    @Test
    void aSocketNoDaemonAnswersOnIsReplaced() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("private"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path socket = dir.resolve("d.sock");
        DaemonServer.listen(socket, Duration.ofMinutes(1), 1).close(); // removes its socket
        Files.createFile(socket); // as a killed daemon leaves it

        try (DaemonServer server = DaemonServer.listen(socket, Duration.ofMinutes(1), 1);
                var connection = DaemonClient.connect(server.socket())) {
            assertThat(connection.isConnected()).isTrue();
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void idleTimeoutsAreWholeSecondsMinutesOrHours() {
        assertThat(DaemonCommand.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DaemonCommand.duration("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(DaemonCommand.duration("2h")).isEqualTo(Duration.ofHours(2));
        for (String bad : new String[] {"0s", "15", "1.5h", "-1m", "m", "99999999999s"}) {
            assertThatThrownBy(() -> DaemonCommand.duration(bad)).as(bad)
                    .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                    .hasMessageContaining("like 30s, 15m or 2h");
        }
    }

    private static Map<String, String> with(String name, String value) {
        Map<String, String> env = new HashMap<>(ENV);
        env.put(name, value);
        return env;
    }
}
