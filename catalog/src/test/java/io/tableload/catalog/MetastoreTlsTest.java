package io.tableload.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetastoreTlsTest {
    @TempDir
    Path confDir;

    @Test
    void hiveSiteWithUseSslGivesItsTrustStore() throws IOException {
        writeHiveSite("<property><name>hive.metastore.use.SSL</name><value>true</value></property>"
                + "<property><name>hive.metastore.truststore.path</name><value>/etc/hive/trust.jks</value></property>"
                + "<property><name>hive.metastore.truststore.password</name><value>s3cret</value></property>"
                + "<property><name>hive.metastore.truststore.type</name><value>JKS</value></property>");

        MetastoreTls tls = MetastoreTls.fromEnvironment(env()).orElseThrow();

        assertThat(tls).isEqualTo(MetastoreTls.trusting(Path.of("/etc/hive/trust.jks"), "s3cret").withType("JKS"));
        assertThat(tls.toString()).contains("/etc/hive/trust.jks").doesNotContain("s3cret");
    }

    @Test
    void theEnvironmentGivesThePasswordAndWithoutATrustStoreTheJdksAuthoritiesAreTrusted() throws IOException {
        writeHiveSite("<property><name>metastore.use.SSL</name><value>TRUE</value></property>"
                + "<property><name>metastore.truststore.path</name><value>/t.p12</value></property>");
        assertThat(MetastoreTls.fromEnvironment(Map.of("HIVE_CONF_DIR", confDir.toString(),
                MetastoreTls.TRUSTSTORE_PASSWORD_ENV, "from-env")))
                .hasValue(MetastoreTls.trusting(Path.of("/t.p12"), "from-env"));

        writeHiveSite("<property><name>hive.metastore.use.SSL</name><value>true</value></property>");
        assertThat(MetastoreTls.fromEnvironment(env())).hasValue(MetastoreTls.systemTrust());
    }

    @Test
    void withoutUseSslThereIsNoTls() throws IOException {
        writeHiveSite("<property><name>hive.metastore.truststore.path</name><value>/t.p12</value></property>");

        assertThat(MetastoreTls.fromEnvironment(env())).isEmpty();
        assertThat(MetastoreTls.fromEnvironment(Map.of())).isEmpty();
    }

    private Map<String, String> env() {
        return Map.of("HIVE_CONF_DIR", confDir.toString());
    }

    private void writeHiveSite(String properties) throws IOException {
        Files.writeString(confDir.resolve("hive-site.xml"), "<?xml version=\"1.0\"?><configuration>" + properties
                + "</configuration>");
    }
}
