package io.tableload.catalog;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Kerberos for a metastore that takes only Kerberos-authenticated clients (SASL GSSAPI over
 * Thrift, Hive's {@code hive.metastore.sasl.enabled=true}): the metastore's principal, and where
 * this process's own credentials come from.
 *
 * <p>By default the user's ticket cache, as {@code kinit} leaves it ({@code KRB5CCNAME}, else the
 * system's default cache); {@link #withKeytab} logs in from a keytab instead, as a scheduled job
 * does. The realm's KDCs come from the JDK's Kerberos configuration: the system property
 * {@code java.security.krb5.conf}, else the {@code KRB5_CONFIG} environment variable, else
 * {@code /etc/krb5.conf}.
 *
 * @param metastorePrincipal the metastore's principal, {@code service/host@REALM}; {@code _HOST}
 *     stands for the host of the metastore URI being connected to ({@code hive/_HOST@EXAMPLE.COM})
 * @param keytab the keytab to log in from, with {@code principal}; empty for the ticket cache
 * @param principal the principal to log in as from {@code keytab}
 * @param ticketCache the ticket cache to read when there is no keytab; empty for the default one
 */
public record MetastoreKerberos(String metastorePrincipal, Optional<Path> keytab, Optional<String> principal,
        Optional<Path> ticketCache) {
    /** The environment variable naming the metastore's principal. */
    public static final String PRINCIPAL_ENV = "TABLELOAD_METASTORE_PRINCIPAL";

    public MetastoreKerberos {
        Objects.requireNonNull(metastorePrincipal, "metastorePrincipal");
        checkPrincipal(metastorePrincipal);
        Objects.requireNonNull(keytab, "keytab");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(ticketCache, "ticketCache");
        if (keytab.isPresent() != principal.isPresent()) {
            throw new IllegalArgumentException("a keytab and the principal to log in as go together");
        }
    }

    /** Kerberos with the metastore's principal, logging in from the user's default ticket cache. */
    public static MetastoreKerberos of(String metastorePrincipal) {
        return new MetastoreKerberos(metastorePrincipal, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Logs in as {@code principal} from {@code keytab} rather than from a ticket cache. */
    public MetastoreKerberos withKeytab(String principal, Path keytab) {
        return new MetastoreKerberos(metastorePrincipal, Optional.of(keytab), Optional.of(principal), Optional.empty());
    }

    /** Reads the tickets from {@code cache} rather than from the default ticket cache. */
    public MetastoreKerberos withTicketCache(Path cache) {
        return new MetastoreKerberos(metastorePrincipal, Optional.empty(), Optional.empty(), Optional.of(cache));
    }

    /**
     * The Kerberos settings {@code env} asks for: {@value #PRINCIPAL_ENV}, else, where
     * {@code $HIVE_CONF_DIR/hive-site.xml} sets {@code hive.metastore.sasl.enabled} to true, its
     * {@code hive.metastore.kerberos.principal}; empty when neither asks for Kerberos.
     *
     * @throws TableloadException {@code USAGE} when hive-site.xml enables SASL without naming the principal
     */
    public static Optional<MetastoreKerberos> fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, HiveSite.of(env, "set --metastore-principal"));
    }

    /** As {@link #fromEnvironment(Map)}, with {@code env}'s hive-site.xml read already. */
    static Optional<MetastoreKerberos> fromEnvironment(Map<String, String> env, Optional<HiveSite> site) {
        String fromEnv = env.get(PRINCIPAL_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(of(fromEnv.strip()));
        }
        if (site.isEmpty() || !site.get().isTrue("hive.metastore.sasl.enabled", "metastore.sasl.enabled")) {
            return Optional.empty();
        }
        return Optional.of(of(site.get().get("hive.metastore.kerberos.principal", "metastore.kerberos.principal")
                .map(String::strip)
                .orElseThrow(() -> new TableloadException(ErrorCode.USAGE, site.get().file() + " sets"
                        + " hive.metastore.sasl.enabled but not hive.metastore.kerberos.principal, the metastore's"
                        + " principal: set it there, or give --metastore-principal hive/_HOST@REALM"))));
    }

    /**
     * The metastore's principal when connecting to {@code host}: {@code _HOST} replaced by the
     * host, lower-cased, as Hadoop's clients do.
     */
    public String metastorePrincipalFor(String host) {
        return metastorePrincipal.replace("_HOST", host.toLowerCase(Locale.ROOT));
    }

    private static void checkPrincipal(String principal) {
        int slash = principal.indexOf('/');
        int at = principal.indexOf('@');
        if (slash <= 0 || slash == principal.length() - 1 || (at >= 0 && at < slash) || at == slash + 1
                || principal.chars().anyMatch(Character::isWhitespace)) {
            throw new TableloadException(ErrorCode.USAGE, "bad metastore principal \"" + principal
                    + "\": expected SERVICE/HOST@REALM, such as hive/_HOST@EXAMPLE.COM");
        }
    }
}
