package io.tableload.sandbox.hms;

import io.tableload.sandbox.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;
import org.apache.thrift.transport.TSaslClientTransport;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransportException;

/**
 * A Kerberos realm for tests: a KDC (Apache Kerby) on a free loopback TCP port, in this JVM,
 * with a service principal for the metastore and a user principal, each with a keytab, and the
 * {@code krb5.conf} that points at the KDC. {@link #metastore()} starts a Hive Metastore that
 * takes only Kerberos (SASL GSSAPI) from principals of this realm.
 */
public final class KerberosRealm implements AutoCloseable {
    /** The realm's name. */
    public static final String REALM = "EXAMPLE.COM";
    /** The metastore's principal, as clients name it (Hive's {@code _HOST} taking the loopback's name). */
    public static final String METASTORE_PRINCIPAL = "hive/localhost@" + REALM;
    /** A user of the realm. */
    public static final String USER = "alice@" + REALM;

    private final SimpleKdcServer kdc;
    private final Path dir;

    private KerberosRealm(SimpleKdcServer kdc, Path dir) {
        this.kdc = kdc;
        this.dir = dir;
    }

    /** Starts the KDC and creates the two principals and their keytabs (about 1 s). */
    public static KerberosRealm start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("tableload-kdc");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the KDC's directory", e);
        }
        try {
            SimpleKdcServer kdc = new SimpleKdcServer();
            kdc.setWorkDir(dir.toFile());
            kdc.setKdcRealm(REALM);
            kdc.setKdcHost("localhost");
            kdc.setAllowUdp(false);
            kdc.setKdcTcpPort(freePort());
            kdc.init();
            kdc.start();
            KerberosRealm realm = new KerberosRealm(kdc, dir);
            kdc.createAndExportPrincipals(realm.metastoreKeytab().toFile(), "hive/localhost");
            kdc.createAndExportPrincipals(realm.userKeytab().toFile(), "alice");
            return realm;
        } catch (KrbException e) {
            Directories.deleteRecursively(dir);
            throw new IllegalStateException("cannot start the Kerberos KDC: " + e.getMessage(), e);
        }
    }

    /** The {@code krb5.conf} naming this realm's KDC (give it as {@code -Djava.security.krb5.conf}). */
    public Path krb5Conf() {
        return dir.resolve("krb5.conf");
    }

    /** The metastore service's keytab. */
    public Path metastoreKeytab() {
        return dir.resolve("hive.keytab");
    }

    /** {@link #USER}'s keytab. */
    public Path userKeytab() {
        return dir.resolve("alice.keytab");
    }

    /** Logs {@link #USER} in from its keytab and writes the ticket to {@code cache}, as {@code kinit} does. */
    public void writeUserTicketCache(Path cache) {
        try {
            kdc.getKrbClient().storeTicket(kdc.getKrbClient().requestTgt(USER, userKeytab().toFile()), cache.toFile());
        } catch (KrbException e) {
            throw new IllegalStateException("cannot get a ticket for " + USER + ": " + e.getMessage(), e);
        }
    }

    /**
     * Connects to {@code metastore}, started by {@link #metastore()}, as {@link #USER} logged in
     * from its keytab, to create test data. (Hive's own client would do it through Hadoop's
     * login, which keeps process-wide state; this is the JDK's Kerberos alone.)
     */
    public HiveTestData connectAsUser(HiveMetastoreSandbox metastore) {
        Map<String, String> options = Map.of("useKeyTab", "true", "keyTab", userKeytab().toString(), "principal", USER,
                "storeKey", "true", "doNotPrompt", "true", "refreshKrb5Config", "true");
        Configuration jaas = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        try {
            LoginContext login = new LoginContext("sandbox", new Subject(), null, jaas);
            login.login();
            TSocket socket = new TSocket("127.0.0.1", metastore.port(), 60_000);
            TSaslClientTransport transport = new TSaslClientTransport("GSSAPI", null, "hive", "localhost",
                    Map.of(Sasl.QOP, "auth"), null, socket);
            Subject.doAs(login.getSubject(), (PrivilegedExceptionAction<Void>) () -> {
                transport.open();
                return null;
            });
            return HiveTestData.over(transport);
        } catch (LoginException | SaslException | TTransportException | PrivilegedActionException e) {
            throw new IllegalStateException("cannot connect to the Kerberos metastore as " + USER + ": " + e, e);
        }
    }

    /** Starts a private metastore that takes only Kerberos from this realm's principals; the caller closes it. */
    public HiveMetastoreSandbox metastore() {
        return metastore(Map.of());
    }

    /** As {@link #metastore()}, with extra metastore settings (TLS, say). */
    public HiveMetastoreSandbox metastore(Map<String, String> extraSettings) {
        Map<String, String> settings = new java.util.HashMap<>(extraSettings);
        settings.putAll(Map.of(
                "hadoop.security.authentication", "kerberos",
                "metastore.sasl.enabled", "true",
                "metastore.kerberos.principal", METASTORE_PRINCIPAL,
                "metastore.kerberos.keytab.file", metastoreKeytab().toString()));
        return HiveMetastoreSandbox.start(settings, List.of("-Djava.security.krb5.conf=" + krb5Conf()));
    }

    @Override
    public void close() {
        try {
            kdc.stop();
        } catch (KrbException ignored) {
            // Stopping is best effort; the directory goes anyway.
        } finally {
            Directories.deleteRecursively(dir);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for the KDC", e);
        }
    }
}
