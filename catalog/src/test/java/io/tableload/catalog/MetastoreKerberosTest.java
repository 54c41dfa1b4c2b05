package io.tableload.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetastoreKerberosTest {
    @TempDir
    Path confDir;

    @Test
    void hiveSiteWithSaslEnabledGivesItsPrincipal() throws IOException {
        writeHiveSite("hive.metastore.sasl.enabled", "true", "hive.metastore.kerberos.principal", "hive/_HOST@CORP.EXAMPLE");

        assertThat(MetastoreKerberos.fromEnvironment(env())).hasValue(MetastoreKerberos.of("hive/_HOST@CORP.EXAMPLE"));
    }

    @Test
    void theStandaloneMetastoresNamesOfTheSettingsAreReadToo() throws IOException {
        writeHiveSite("metastore.sasl.enabled", "TRUE", "metastore.kerberos.principal", "hive/hms.corp@CORP.EXAMPLE");

        assertThat(MetastoreKerberos.fromEnvironment(env())).hasValue(MetastoreKerberos.of("hive/hms.corp@CORP.EXAMPLE"));
    }

    @Test
    void aPrincipalWithoutSaslEnabledIsNoKerberos() throws IOException {
        writeHiveSite("hive.metastore.sasl.enabled", "false", "hive.metastore.kerberos.principal", "hive/_HOST@CORP.EXAMPLE");

        assertThat(MetastoreKerberos.fromEnvironment(env())).isEmpty();
        assertThat(MetastoreKerberos.fromEnvironment(Map.of())).isEmpty();
    }

    @Test
    void theEnvironmentVariableWinsOverHiveSite() throws IOException {
        writeHiveSite("hive.metastore.sasl.enabled", "true", "hive.metastore.kerberos.principal", "hive/_HOST@CORP.EXAMPLE");

        assertThat(MetastoreKerberos.fromEnvironment(Map.of("HIVE_CONF_DIR", confDir.toString(),
                MetastoreKerberos.PRINCIPAL_ENV, "hive/other@OTHER"))).hasValue(MetastoreKerberos.of("hive/other@OTHER"));
    }

    @Test
    void saslEnabledWithoutAPrincipalIsAUsageErrorSayingWhatToSet() throws IOException {
        writeHiveSite("hive.metastore.sasl.enabled", "true", "hive.metastore.warehouse.dir", "/w");

        assertThatThrownBy(() -> MetastoreKerberos.fromEnvironment(env()))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("hive.metastore.kerberos.principal")
                .hasMessageContaining("--metastore-principal");
    }

    @Test
    void aPrincipalThatIsNotServiceSlashHostIsAUsageError() {
        for (String bad : new String[] {"hive", "hive@REALM", "/host@REALM", "hive/@REALM", "hive/ho st@R"}) {
            assertThatThrownBy(() -> MetastoreKerberos.of(bad)).as(bad)
                    .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                    .hasMessageContaining("SERVICE/HOST@REALM");
        }
    }

    @Test
    void hostStandsForTheMetastoresHostLowerCased() {
        assertThat(MetastoreKerberos.of("hive/_HOST@CORP.EXAMPLE").metastorePrincipalFor("HMS-1.corp.example"))
                .isEqualTo("hive/hms-1.corp.example@CORP.EXAMPLE");
        assertThat(MetastoreKerberos.of("hive/fixed.host@CORP.EXAMPLE").metastorePrincipalFor("other"))
                .isEqualTo("hive/fixed.host@CORP.EXAMPLE");
    }

    private Map<String, String> env() {
        return Map.of("HIVE_CONF_DIR", confDir.toString());
    }

    private void writeHiveSite(String name1, String value1, String name2, String value2) throws IOException {
        Files.writeString(confDir.resolve("hive-site.xml"), "<?xml version=\"1.0\"?>\n<configuration>\n"
                + "  <property><name>" + name1 + "</name><value>" + value1 + "</value></property>\n"
                + "  <property><name>" + name2 + "</name><value>" + value2 + "</value></property>\n"
                + "</configuration>\n");
    }
}
