package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as packaged: DuckDB's native libraries for Linux are stored uncompressed
 * (DuckDB copies its library out of the jar at every start), and DuckDB still starts from it.
 * Runs after packaging (the {@code packaged} execution in cli/pom.xml).
 */
class RunnableJarTest {
    private static final Path JAR = Path.of("target", "tableload.jar").toAbsolutePath();

    @Test
    void duckDbsLinuxLibrariesAreStoredUncompressedAndTheOthersStayCompressed() throws Exception {
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            assertThat(List.of("libduckdb_java.so_linux_amd64", "libduckdb_java.so_linux_arm64"))
                    .allSatisfy(name -> assertThat(jar.getEntry(name)).isNotNull()
                            .extracting(ZipEntry::getMethod).isEqualTo(ZipEntry.STORED));
            assertThat(jar.getEntry("libduckdb_java.so_osx_universal")).isNotNull()
                    .extracting(ZipEntry::getMethod).isEqualTo(ZipEntry.DEFLATED);
        }
    }

    @Test
    void duckDbStartsFromTheRunnableJar(@TempDir Path tmp) throws Exception {
        String classPath = JAR + ":" + Path.of(DuckDbProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        Cli.Result probe = Cli.runProcess(tmp, null, Map.of(), List.of(Cli.java(), "-cp", classPath,
                DuckDbProbe.class.getName()), 60);

        assertThat(probe.out()).as(probe.err()).isEqualTo("42\n");
        assertThat(probe.code()).isZero();
    }

    /** Opens an in-memory DuckDB database with the classes and native library found first on the class path. */
    static final class DuckDbProbe {
        public static void main(String[] args) throws Exception {
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT 6 * 7")) {
                rs.next();
                System.out.println(rs.getLong(1));
            }
        }
    }
}
