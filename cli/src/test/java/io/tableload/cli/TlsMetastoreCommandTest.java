package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.catalog.MetastoreTls;
import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.s3.SelfSignedKeyStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The commands against a metastore that takes only TLS, with a self-signed certificate. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsMetastoreCommandTest {
    private static final String DB = "cli_tls";
    private static final String TRUST_PASSWORD = "cli-trust-pass";

    @TempDir
    static Path tmp;
    private HiveMetastoreSandbox hms;
    private Path truststore;

    @BeforeAll
    void start() {
        SelfSignedKeyStore keys = SelfSignedKeyStore.create(tmp);
        truststore = keys.writeTrustStore(tmp.resolve("trust.p12"), TRUST_PASSWORD);
        hms = HiveMetastoreSandbox.startWithTls(keys);
        try (HiveTestData data = HiveTestData.connectOverTls(hms.port(), truststore, TRUST_PASSWORD)) {
            data.createSalesByCountry(DB, "FI", "SE");
        }
    }

    @AfterAll
    void stop() {
        hms.close();
    }

    @Test
    void aTrustStoreWithItsPasswordInTheEnvironmentConnects() throws Exception {
        Cli.Result r = Cli.runInNewJvm(tmp, Map.of(MetastoreTls.TRUSTSTORE_PASSWORD_ENV, TRUST_PASSWORD),
                "partitions", "--table", DB + ".sales", "--metastore", hms.uri(), "--metastore-truststore", truststore.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("country=FI", "country=SE");
        assertThat(r.err()).doesNotContain(TRUST_PASSWORD);
    }

    @Test
    void aCertificateTheJdkDoesNotTrustExitsWithSixOnOneLineSayingWhatToGive() {
        Cli.Result r = Cli.run("describe", "--table", DB + ".sales", "--metastore", hms.uri(), "--metastore-tls");

        assertThat(r.code()).isEqualTo(6);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1)
                .allMatch(line -> line.contains("did not pass the TLS check") && line.contains("--metastore-truststore"));
    }

    @Test
    void aMissingTrustStoreExitsWithThreeNamingIt() {
        Cli.Result r = Cli.run("describe", "--table", DB + ".sales", "--metastore", hms.uri(),
                "--metastore-truststore", tmp.resolve("missing.p12").toString());

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("missing.p12");
    }
}
