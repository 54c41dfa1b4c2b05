package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.hms.KerberosRealm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands against a metastore that takes only Kerberos, each in a JVM of its own with the
 * realm's krb5.conf named by {@code KRB5_CONFIG}, as a user's shell names it: a keytab given by
 * options, a ticket cache with hive-site.xml saying the rest, and the errors of a wrong principal
 * and of no Kerberos at all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KerberosMetastoreCommandTest {
    private static final String DB = "cli_kerberos";

    @TempDir
    Path tmp;
    private KerberosRealm realm;
    private HiveMetastoreSandbox hms;

    @BeforeAll
    void start() {
        realm = KerberosRealm.start();
        hms = realm.metastore();
        try (HiveTestData data = realm.connectAsUser(hms)) {
            data.createSalesByCountry(DB, "FI", "SE");
        }
    }

    @AfterAll
    void stop() {
        hms.close();
        realm.close();
    }

    @Test
    void aKeytabAndPrincipalGivenAsOptionsLogIn() throws Exception {
        Cli.Result r = Cli.runInNewJvm(tmp, Map.of("KRB5_CONFIG", realm.krb5Conf().toString()),
                "partitions", "--table", DB + ".sales", "--partition", "country=FI", "--metastore", hms.uri(),
                "--metastore-principal", KerberosRealm.METASTORE_PRINCIPAL,
                "--keytab", realm.userKeytab().toString(), "--principal", KerberosRealm.USER);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("country=FI").doesNotContain("country=SE");
    }

    @Test
    void hiveSiteWithSaslEnabledAndATicketCacheNeedNoOptions() throws Exception {
        Path cache = tmp.resolve("krb5cc_alice");
        realm.writeUserTicketCache(cache);
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(conf.resolve("hive-site.xml"), "<configuration>"
                + property("hive.metastore.uris", hms.uri())
                + property("hive.metastore.sasl.enabled", "true")
                + property("hive.metastore.kerberos.principal", "hive/_HOST@" + KerberosRealm.REALM)
                + "</configuration>");

        Cli.Result r = Cli.runInNewJvm(tmp, Map.of("KRB5_CONFIG", realm.krb5Conf().toString(),
                "KRB5CCNAME", "FILE:" + cache, "HIVE_CONF_DIR", conf.toString()),
                "partitions", "--table", DB + ".sales", "--metastore", "thrift://localhost:" + hms.port());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("country=FI", "country=SE");
    }

    @Test
    void aWrongMetastorePrincipalExitsWithFiveOnOneLineNamingIt() throws Exception {
        Cli.Result r = Cli.runInNewJvm(tmp, Map.of("KRB5_CONFIG", realm.krb5Conf().toString()),
                "describe", "--table", DB + ".sales", "--metastore", hms.uri(),
                "--metastore-principal", "hive/elsewhere@" + KerberosRealm.REALM,
                "--keytab", realm.userKeytab().toString(), "--principal", KerberosRealm.USER);

        assertThat(r.code()).isEqualTo(5);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1)
                .allMatch(line -> line.contains("Kerberos authentication to the metastore") && line.contains("hive/elsewhere@"));
    }

    @Test
    void aTicketCacheOfAKindTheJdkCannotReadExitsWithFiveSayingHowToMakeAFileOne() throws Exception {
        Cli.Result r = Cli.runInNewJvm(tmp, Map.of("KRB5_CONFIG", realm.krb5Conf().toString(),
                "KRB5CCNAME", "KEYRING:persistent:1000"),
                "describe", "--table", DB + ".sales", "--metastore", hms.uri(),
                "--metastore-principal", KerberosRealm.METASTORE_PRINCIPAL);

        assertThat(r.code()).isEqualTo(5);
        assertThat(r.err()).contains("KEYRING:persistent:1000", "kinit -c FILE:");
    }

    @Test
    void noKerberosAtAllSaysTheMetastoreMayTakeOnlyKerberos() throws Exception {
        Cli.Result r = Cli.runInNewJvm(tmp, Map.of(), "describe", "--table", DB + ".sales", "--metastore", hms.uri());

        assertThat(r.code()).isEqualTo(6);
        assertThat(r.err()).contains("--metastore-principal");
    }

    @Test
    void aKeytabWithoutAPrincipalOrThatIsMissingIsRefusedBeforeAnyCall() {
        Cli.Result halfGiven = Cli.run("describe", "--table", DB + ".sales", "--metastore", hms.uri(),
                "--metastore-principal", KerberosRealm.METASTORE_PRINCIPAL, "--keytab", realm.userKeytab().toString());
        assertThat(halfGiven.code()).isEqualTo(2);
        assertThat(halfGiven.err()).contains("--keytab needs --principal");

        Cli.Result missing = Cli.run("describe", "--table", DB + ".sales", "--metastore", hms.uri(),
                "--metastore-principal", KerberosRealm.METASTORE_PRINCIPAL,
                "--keytab", tmp.resolve("no.keytab").toString(), "--principal", KerberosRealm.USER);
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("no.keytab");
    }

    private static String property(String name, String value) {
        return "<property><name>" + name + "</name><value>" + value + "</value></property>";
    }
}
