package io.tableload.catalog.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.MetastoreKerberos;
import io.tableload.catalog.MetastoreSettings;
import io.tableload.catalog.MetastoreTls;
import io.tableload.catalog.Partition;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableRef;
import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.hms.KerberosRealm;
import io.tableload.sandbox.s3.SelfSignedKeyStore;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A metastore that takes only Kerberos-authenticated clients (SASL GSSAPI), with a real KDC:
 * a user logged in from a keytab or from a ticket cache reads tables and partitions; no ticket,
 * a wrong metastore principal, or no Kerberos at all each fail at once saying what to set.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KerberosMetastoreTest {
    private static final String DB = "catalog_kerberos";
    private static final String KRB5_CONF = "java.security.krb5.conf";

    @TempDir
    Path dir;
    private KerberosRealm realm;
    private HiveMetastoreSandbox hms;
    private String previousKrb5Conf;

    @BeforeAll
    void start() {
        realm = KerberosRealm.start();
        previousKrb5Conf = System.setProperty(KRB5_CONF, realm.krb5Conf().toString());
        hms = realm.metastore();
        try (HiveTestData data = realm.connectAsUser(hms)) {
            data.createSalesByCountry(DB, "FI", "SE");
        }
    }

    @AfterAll
    void stop() {
        hms.close();
        realm.close();
        if (previousKrb5Conf == null) {
            System.clearProperty(KRB5_CONF);
        } else {
            System.setProperty(KRB5_CONF, previousKrb5Conf);
        }
    }

    @Test
    void aUserLoggedInFromAKeytabReadsTablesAndPartitions() {
        try (HiveMetastoreCatalog catalog = open(hms.uri(), fromKeytab())) {
            Table sales = catalog.table(new TableRef(DB, "sales"));

            assertThat(catalog.partitions(sales, PartitionFilter.parse("country=FI")))
                    .extracting(Partition::location).containsExactly("s3://bucket/sales/country=FI");
            assertThat(catalog.tables(DB)).containsExactly("sales");
        }
    }

    @Test
    void aUserWithATicketCacheAsKinitLeavesItIsAuthenticated() {
        Path cache = dir.resolve("krb5cc_alice");
        realm.writeUserTicketCache(cache);

        try (HiveMetastoreCatalog catalog = open(hms.uri(),
                MetastoreKerberos.of(KerberosRealm.METASTORE_PRINCIPAL).withTicketCache(cache))) {
            assertThat(catalog.tables(DB)).containsExactly("sales");
        }
    }

    @Test
    void hostInTheMetastorePrincipalStandsForTheHostOfTheUri() {
        String byName = "thrift://localhost:" + hms.port();
        try (HiveMetastoreCatalog catalog = open(byName,
                MetastoreKerberos.of("hive/_HOST@" + KerberosRealm.REALM).withKeytab(KerberosRealm.USER, realm.userKeytab()))) {
            assertThat(catalog.tables(DB)).containsExactly("sales");
        }
    }

    @Test
    void noTicketIsAccessDeniedSayingToRunKinit() {
        try (HiveMetastoreCatalog catalog = open(hms.uri(),
                MetastoreKerberos.of(KerberosRealm.METASTORE_PRINCIPAL).withTicketCache(dir.resolve("no-such-cache")))) {
            assertThatThrownBy(() -> catalog.tables(DB))
                    .isInstanceOf(TableloadException.class)
                    .hasMessageContaining("no valid Kerberos ticket").hasMessageContaining("run kinit")
                    .extracting(e -> ((TableloadException) e).code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        }
    }

    @Test
    void aMetastorePrincipalTheRealmDoesNotKnowIsAccessDeniedNamingIt() {
        String wrong = "hive/elsewhere@" + KerberosRealm.REALM;
        try (HiveMetastoreCatalog catalog = open(hms.uri(),
                MetastoreKerberos.of(wrong).withKeytab(KerberosRealm.USER, realm.userKeytab()))) {
            assertThatThrownBy(() -> catalog.tables(DB))
                    .isInstanceOf(TableloadException.class)
                    .hasMessageContaining("Kerberos authentication to the metastore")
                    .hasMessageContaining(wrong)
                    .extracting(e -> ((TableloadException) e).code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        }
    }

    @Test
    void aClientWithoutKerberosIsToldTheMetastoreMayTakeOnlyKerberos() {
        try (HiveMetastoreCatalog catalog = Catalogs.open(hms.uri())) {
            assertThatThrownBy(() -> catalog.tables(DB))
                    .isInstanceOf(TableloadException.class)
                    .hasMessageContaining("--metastore-principal")
                    .extracting(e -> ((TableloadException) e).code()).isEqualTo(ErrorCode.UNREACHABLE);
        }
    }

    @Test
    void kerberosRunsOverTlsToAMetastoreThatTakesBoth() {
        SelfSignedKeyStore keys = SelfSignedKeyStore.create(dir);
        Path truststore = keys.writeTrustStore(dir.resolve("trust.p12"), "pass");
        try (HiveMetastoreSandbox both = realm.metastore(HiveMetastoreSandbox.tlsSettings(keys));
                HiveMetastoreCatalog catalog = HiveMetastoreCatalog.open(Catalogs.settings(both.uri())
                        .withKerberos(Optional.of(fromKeytab())).withTls(Optional.of(MetastoreTls.trusting(truststore, "pass"))))) {
            assertThat(catalog.databases()).contains("default");
        }
    }

    private MetastoreKerberos fromKeytab() {
        return MetastoreKerberos.of(KerberosRealm.METASTORE_PRINCIPAL).withKeytab(KerberosRealm.USER, realm.userKeytab());
    }

    private static HiveMetastoreCatalog open(String uri, MetastoreKerberos kerberos) {
        MetastoreSettings settings = Catalogs.settings(uri).withKerberos(Optional.of(kerberos));
        return HiveMetastoreCatalog.open(settings);
    }
}
