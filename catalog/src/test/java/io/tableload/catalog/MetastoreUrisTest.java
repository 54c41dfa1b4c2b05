package io.tableload.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetastoreUrisTest {

    @TempDir
    Path confDir;

    @Test
    void explicitListWinsAndKeepsItsOrder() throws IOException {
        writeHiveSite("thrift://site:9083");
        assertThat(MetastoreUris.resolve("thrift://h:9083, thrift://h2:9084",
                Map.of(MetastoreUris.ENV, "thrift://env:1", "HIVE_CONF_DIR", confDir.toString())))
                .containsExactly(URI.create("thrift://h:9083"), URI.create("thrift://h2:9084"));
    }

    @Test
    void environmentVariableComesNext() throws IOException {
        writeHiveSite("thrift://site:9083");
        assertThat(MetastoreUris.resolve(null, Map.of(MetastoreUris.ENV, "thrift://env:1", "HIVE_CONF_DIR", confDir.toString())))
                .containsExactly(URI.create("thrift://env:1"));
    }

    @Test
    void hiveSiteXmlInHiveConfDirComesLast() throws IOException {
        writeHiveSite("thrift://site-a:9083,thrift://site-b");
        assertThat(MetastoreUris.resolve("", Map.of("HIVE_CONF_DIR", confDir.toString())))
                .containsExactly(URI.create("thrift://site-a:9083"), URI.create("thrift://site-b:9083"));
    }

    @Test
    void nothingConfiguredIsAUsageErrorSayingHowToSetIt() {
        assertThatThrownBy(() -> MetastoreUris.resolve(null, Map.of("HIVE_CONF_DIR", confDir.toString())))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("--metastore")
                .hasMessageContaining(MetastoreUris.ENV)
                .hasMessageContaining("hive-site.xml");
    }

    @Test
    void malformedUriIsAUsageErrorNamingItAndItsSource() {
        assertThatThrownBy(() -> MetastoreUris.resolve("http://h:9083", Map.of()))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("http://h:9083")
                .hasMessageContaining("--metastore");
    }

    @Test
    void aHostNameWithAnUnderscoreIsRefusedSayingSo() {
        assertThatThrownBy(() -> MetastoreUris.resolve("thrift://hive_metastore:9083", Map.of()))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("thrift://hive_metastore:9083")
                .hasMessageContaining("cannot hold '_'");
    }

    @Test
    void hiveSiteWithADoctypeIsRefusedRatherThanExpanded() throws IOException {
        Files.writeString(confDir.resolve("hive-site.xml"), "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM"
                + " \"file:///etc/passwd\">]><configuration><property><name>hive.metastore.uris</name><value>&e;</value>"
                + "</property></configuration>");
        assertThatThrownBy(() -> MetastoreUris.resolve(null, Map.of("HIVE_CONF_DIR", confDir.toString())))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("hive-site.xml");
    }

    @Test
    void settingsResolveWithDefaults() {
        MetastoreSettings settings = MetastoreSettings.of(MetastoreUris.parseList("thrift://h", "test"));
        assertThat(settings.uris()).containsExactly(URI.create("thrift://h:9083"));
        assertThat(settings.retries()).isEqualTo(MetastoreSettings.DEFAULT_RETRIES);
        assertThat(settings.filterPushdown()).isTrue();
        assertThatThrownBy(() -> settings.withPoolSize(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private void writeHiveSite(String uris) throws IOException {
        Files.writeString(confDir.resolve("hive-site.xml"), "<?xml version=\"1.0\"?>\n<configuration>\n"
                + "  <property><name>hive.metastore.warehouse.dir</name><value>/w</value></property>\n"
                + "  <property>\n    <name>hive.metastore.uris</name>\n    <value>" + uris + "</value>\n  </property>\n"
                + "</configuration>\n");
    }
}
