package io.tableload.catalog.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.MetastoreSettings;
import io.tableload.catalog.MetastoreTls;
import io.tableload.catalog.Partition;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableRef;
import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.s3.SelfSignedKeyStore;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A metastore that takes only TLS ({@code metastore.use.SSL}) with a self-signed certificate: a
 * client trusting it through a trust store reads tables and partitions; an untrusted certificate,
 * TLS to a plain metastore, plain TCP to this one and an unreadable trust store each fail at once
 * saying what to set.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsMetastoreTest {
    private static final String DB = "catalog_tls";
    private static final String TRUST_PASSWORD = "trust-store-pass";

    @TempDir
    static Path dir;
    private HiveMetastoreSandbox hms;
    private Path truststore;

    @BeforeAll
    void start() {
        SelfSignedKeyStore keys = SelfSignedKeyStore.create(dir);
        truststore = keys.writeTrustStore(dir.resolve("trust.p12"), TRUST_PASSWORD);
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
    void aClientTrustingTheCertificateReadsTablesAndPartitions() {
        try (HiveMetastoreCatalog catalog = open(hms.uri(), MetastoreTls.trusting(truststore, TRUST_PASSWORD))) {
            Table sales = catalog.table(new TableRef(DB, "sales"));

            assertThat(catalog.partitions(sales, PartitionFilter.parse("country=SE")))
                    .extracting(Partition::location).containsExactly("s3://bucket/sales/country=SE");
        }
    }

    @Test
    void aCertificateNoTrustedAuthoritySignedFailsAtOnceSayingWhatToGive() {
        try (HiveMetastoreCatalog catalog = open(hms.uri(), MetastoreTls.systemTrust())) {
            assertThatThrownBy(() -> catalog.tables(DB))
                    .isInstanceOf(TableloadException.class)
                    .hasMessageContaining("did not pass the TLS check")
                    .hasMessageContaining("--metastore-truststore")
                    .extracting(e -> ((TableloadException) e).code()).isEqualTo(ErrorCode.UNREACHABLE);
        }
    }

    @Test
    void tlsToAMetastoreThatTakesPlainConnectionsSaysSo() {
        MetastoreTls tls = MetastoreTls.trusting(truststore, TRUST_PASSWORD);
        try (HiveMetastoreCatalog catalog = open(HiveMetastoreSandbox.shared().uri(), tls)) {
            assertThatThrownBy(() -> catalog.tables("default"))
                    .isInstanceOf(TableloadException.class)
                    .hasMessageContaining("does not answer TLS")
                    .extracting(e -> ((TableloadException) e).code()).isEqualTo(ErrorCode.UNREACHABLE);
        }
    }

    @Test
    void aPlainClientIsToldTheMetastoreMayTakeOnlyTls() {
        try (HiveMetastoreCatalog catalog = Catalogs.open(hms.uri())) {
            assertThatThrownBy(() -> catalog.tables(DB))
                    .isInstanceOf(TableloadException.class)
                    .hasMessageContaining("--metastore-tls")
                    .extracting(e -> ((TableloadException) e).code()).isEqualTo(ErrorCode.UNREACHABLE);
        }
    }

    @Test
    void aWrongTrustStorePasswordIsAUsageErrorNamingTheFileButNotThePassword() {
        MetastoreTls wrong = MetastoreTls.trusting(truststore, "not-the-password");

        assertThatThrownBy(() -> open(hms.uri(), wrong))
                .isInstanceOf(TableloadException.class)
                .hasMessageContaining(truststore.toString())
                .hasMessageNotContaining("not-the-password")
                .extracting(e -> ((TableloadException) e).code()).isEqualTo(ErrorCode.USAGE);
        assertThat(wrong.toString()).doesNotContain("not-the-password");
    }

    private static HiveMetastoreCatalog open(String uri, MetastoreTls tls) {
        MetastoreSettings settings = Catalogs.settings(uri).withTls(Optional.of(tls));
        return HiveMetastoreCatalog.open(settings);
    }
}
