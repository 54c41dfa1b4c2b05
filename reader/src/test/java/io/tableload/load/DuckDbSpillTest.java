package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbSpillTest {
    @TempDir
    Path dir;

    @Test
    void aSortLargerThanDuckDbsMemorySpillsIntoAPrivateDirectoryUnderTheTempDirGoneOnClose() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        Path spill;
        try (Connection db = DuckDbTable.open(); Statement s = db.createStatement()) {
            spill = Path.of(setting(s, "temp_directory"));
            assertThat(spill.getParent().getParent()).isEqualTo(tmp);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spill.getParent())))
                    .isEqualTo("rwx------");
            s.execute("SET memory_limit = '64MB'");

            s.execute("COPY (SELECT range AS id, md5(range::VARCHAR) AS h FROM range(2000000) ORDER BY h) TO '"
                    + dir.resolve("sorted.csv") + "' (FORMAT csv)");

            assertThat(spill).as("spilled there").isDirectory();
        }
        assertThat(spill).doesNotExist();
        assertThat(Path.of(".tmp")).as("DuckDB's default, in the working directory").doesNotExist();
    }

    @Test
    void eachDatabaseSpillsIntoADirectoryOfItsOwn() throws Exception {
        try (Connection a = DuckDbTable.open(); Statement sa = a.createStatement();
                Connection b = DuckDbTable.open(); Statement sb = b.createStatement()) {
            assertThat(setting(sa, "temp_directory")).isNotEqualTo(setting(sb, "temp_directory"));
        }
    }

    private static String setting(Statement s, String name) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT current_setting('" + name + "')")) {
            r.next();
            return r.getString(1);
        }
    }
}
