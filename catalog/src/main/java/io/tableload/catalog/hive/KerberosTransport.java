package io.tableload.catalog.hive;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.MetastoreKerberos;
import java.net.URI;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;
import org.apache.thrift.transport.TSaslClientTransport;

/**
 * Opens Thrift connections authenticated with Kerberos (SASL GSSAPI), as Hive's own client does
 * for {@code hive.metastore.sasl.enabled}. Each connection logs in afresh (from the keytab, or
 * from the ticket cache), so a ticket renewed by {@code kinit}, or one that expired in a
 * long-lived process, is never held on to; connections are few and pooled, so this costs one
 * round trip to the KDC now and then.
 */
final class KerberosTransport {
    private static final String LOGIN_MODULE = "com.sun.security.auth.module.Krb5LoginModule";

    private final MetastoreKerberos kerberos;

    KerberosTransport(MetastoreKerberos kerberos) {
        this.kerberos = kerberos;
    }

    /**
     * Authenticates on {@code socket}, open to {@code uri}, and returns the transport to talk
     * through.
     *
     * @throws TTransportException when the connection fails during the exchange (retried by the caller)
     * @throws TableloadException {@code ACCESS_DENIED} when there are no credentials to log in
     *     with, or the KDC or the metastore refuses them: retrying would not help
     */
    TTransport open(TSocket socket, URI uri) throws TTransportException {
        Subject subject = login();
        String principal = kerberos.metastorePrincipalFor(uri.getHost());
        int slash = principal.indexOf('/');
        int at = principal.indexOf('@');
        String service = principal.substring(0, slash);
        String host = principal.substring(slash + 1, at < 0 ? principal.length() : at);
        Map<String, String> properties = new HashMap<>();
        // Whatever protection the metastore asks for (hadoop.rpc.protection): privacy, integrity or none.
        properties.put(Sasl.QOP, "auth-conf,auth-int,auth");
        properties.put(Sasl.SERVER_AUTH, "true");
        SaslFailures failures = new SaslFailures();
        try {
            TSaslClientTransport transport = new TSaslClientTransport(
                    failures.watch(Sasl.createSaslClient(new String[] {"GSSAPI"}, null, service, host, properties, null)),
                    socket);
            Subject.doAs(subject, (PrivilegedExceptionAction<Void>) () -> {
                transport.open();
                return null;
            });
            return transport;
        } catch (SaslException | PrivilegedActionException e) {
            Throwable cause = e instanceof PrivilegedActionException p ? p.getCause() : e;
            // Thrift reports a refused exchange as a bare "GSS initiate failed", or "Peer indicated
            // failure: ..." when the metastore refused it; the watched client kept GSS's reason.
            SaslException refused = failures.first().orElse(cause instanceof SaslException s ? s : null);
            if (refused != null || (cause != null && String.valueOf(cause.getMessage()).startsWith("Peer indicated failure"))) {
                throw new TableloadException(ErrorCode.ACCESS_DENIED, "Kerberos authentication to the metastore at " + uri
                        + " as principal " + principal + " failed: " + Causes.innermostMessage(refused != null ? refused : cause)
                        + "; check --metastore-principal (hive.metastore.kerberos.principal) and the realm's krb5.conf",
                        refused != null ? refused : cause);
            }
            if (cause instanceof TTransportException t) {
                throw t;
            }
            throw new TTransportException(cause);
        }
    }

    private Subject login() {
        String krb5Conf = System.getenv("KRB5_CONFIG");
        if (System.getProperty("java.security.krb5.conf") == null && krb5Conf != null && !krb5Conf.isBlank()) {
            // The JDK reads only its system property or /etc/krb5.conf; MIT's tools, KRB5_CONFIG.
            System.setProperty("java.security.krb5.conf", krb5Conf);
        }
        Map<String, String> options = new HashMap<>();
        options.put("doNotPrompt", "true");
        options.put("refreshKrb5Config", "true");
        options.put("isInitiator", "true");
        if (kerberos.keytab().isPresent()) {
            options.put("useKeyTab", "true");
            options.put("storeKey", "true");
            options.put("keyTab", kerberos.keytab().get().toString());
            options.put("principal", kerberos.principal().orElseThrow());
        } else {
            options.put("useTicketCache", "true");
            kerberos.ticketCache().ifPresent(cache -> options.put("ticketCache", cache.toString()));
        }
        Configuration configuration = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(LOGIN_MODULE,
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        try {
            LoginContext context = new LoginContext("tableload-metastore", new Subject(), null, configuration);
            context.login();
            return context.getSubject();
        } catch (LoginException e) {
            throw new TableloadException(ErrorCode.ACCESS_DENIED, loginFailure(e), e);
        }
    }

    private String loginFailure(LoginException e) {
        if (kerberos.keytab().isPresent()) {
            return "cannot log in to Kerberos as " + kerberos.principal().orElseThrow() + " from the keytab "
                    + kerberos.keytab().get() + " for the metastore: " + Causes.innermostMessage(e)
                    + "; check that the keytab holds that principal's keys (klist -kt FILE)";
        }
        String named = System.getenv("KRB5CCNAME");
        if (kerberos.ticketCache().isEmpty() && named != null && !named.isBlank() && !named.startsWith("FILE:")
                && named.matches("[A-Z]+:.*")) {
            return "the ticket cache KRB5CCNAME names (" + named + ") is of a kind the JDK cannot read, which reads"
                    + " only file caches: run kinit -c FILE:/tmp/krb5cc_$(id -u) and export"
                    + " KRB5CCNAME=FILE:/tmp/krb5cc_$(id -u),"
                    + " or give --keytab FILE and --principal NAME";
        }
        String cache = kerberos.ticketCache().map(Object::toString)
                .orElse(named != null ? "KRB5CCNAME" : "the default ticket cache (/tmp/krb5cc_UID)");
        return "no valid Kerberos ticket in " + cache + " for the metastore, which takes only Kerberos: run kinit,"
                + " or give --keytab FILE and --principal NAME; where krb5.conf makes a KEYRING or KCM cache the"
                + " default (as on RHEL and Fedora), which the JDK cannot read, run kinit -c FILE:/tmp/krb5cc_$(id -u)"
                + " (" + Causes.innermostMessage(e) + ")";
    }
}
