package io.tableload.catalog;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a Hive Metastore.
 *
 * @param uris the metastore URIs ({@code thrift://host:port}), tried in order: a call goes to the
 *     first one that answers
 * @param connectTimeout how long to wait for a TCP connection to one URI
 * @param readTimeout how long to wait for the answer to one call
 * @param retries how many more times a call is tried, on a fresh connection, after a transport
 *     failure (a refused or dropped connection, a timeout)
 * @param backoff the wait before the first retry; it doubles for each further retry
 * @param poolSize how many connections are kept open for reuse between calls
 * @param filterPushdown whether partition filters are sent to the metastore where it can evaluate
 *     them; when off, partition names are listed and the filter is evaluated here
 * @param kerberos how to authenticate to a metastore that takes only Kerberos; empty for one
 *     that takes plain connections
 * @param tls how to connect to a metastore that takes only TLS; empty for plain TCP
 */
public record MetastoreSettings(List<URI> uris, Duration connectTimeout, Duration readTimeout, int retries,
        Duration backoff, int poolSize, boolean filterPushdown, Optional<MetastoreKerberos> kerberos,
        Optional<MetastoreTls> tls) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(120);
    public static final int DEFAULT_RETRIES = 2;
    public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(500);
    public static final int DEFAULT_POOL_SIZE = 4;

    public MetastoreSettings {
        uris = List.copyOf(uris);
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("at least one metastore URI is needed");
        }
        uris.forEach(MetastoreUris::check);
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        Objects.requireNonNull(backoff, "backoff");
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("backoff is negative: " + backoff);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries is negative: " + retries);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1: " + poolSize);
        }
        Objects.requireNonNull(kerberos, "kerberos");
        Objects.requireNonNull(tls, "tls");
    }

    /** Settings with the default timeouts, retries and pool size, and no Kerberos. */
    public static MetastoreSettings of(List<URI> uris) {
        return new MetastoreSettings(uris, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_RETRIES,
                DEFAULT_BACKOFF, DEFAULT_POOL_SIZE, true, Optional.empty(), Optional.empty());
    }

    /**
     * Settings with the default timeouts for the metastore this process's environment names:
     * {@code TABLELOAD_METASTORE}, else {@code hive.metastore.uris} in {@code $HIVE_CONF_DIR/hive-site.xml};
     * with Kerberos and TLS when the environment asks for them.
     *
     * @throws io.tableload.TableloadException {@code USAGE} if neither is set, saying how to set one
     */
    public static MetastoreSettings fromEnvironment() {
        return resolve(null);
    }

    /**
     * Settings with the default timeouts for the URIs found by {@link MetastoreUris#resolve(String)}:
     * the explicit list if given, else {@code TABLELOAD_METASTORE}, else {@code hive-site.xml}; with
     * Kerberos and TLS when the environment asks for them ({@link MetastoreKerberos#fromEnvironment},
     * {@link MetastoreTls#fromEnvironment}).
     */
    public static MetastoreSettings resolve(String explicitUris) {
        Map<String, String> env = System.getenv();
        // hive-site.xml is read once, for whichever of the three it ends up telling.
        Optional<HiveSite> site = HiveSite.of(env, "point HIVE_CONF_DIR at a readable one, or unset it");
        return of(MetastoreUris.resolve(explicitUris, env, () -> site))
                .withKerberos(MetastoreKerberos.fromEnvironment(env, site))
                .withTls(MetastoreTls.fromEnvironment(env, site));
    }

    public MetastoreSettings withTimeouts(Duration connect, Duration read) {
        return new MetastoreSettings(uris, connect, read, retries, backoff, poolSize, filterPushdown, kerberos, tls);
    }

    public MetastoreSettings withRetries(int count, Duration firstBackoff) {
        return new MetastoreSettings(uris, connectTimeout, readTimeout, count, firstBackoff, poolSize, filterPushdown,
                kerberos, tls);
    }

    public MetastoreSettings withPoolSize(int size) {
        return new MetastoreSettings(uris, connectTimeout, readTimeout, retries, backoff, size, filterPushdown, kerberos,
                tls);
    }

    public MetastoreSettings withFilterPushdown(boolean enabled) {
        return new MetastoreSettings(uris, connectTimeout, readTimeout, retries, backoff, poolSize, enabled, kerberos, tls);
    }

    /** Settings that connect over TLS as {@code tls} says, or over plain TCP when it is empty. */
    public MetastoreSettings withTls(Optional<MetastoreTls> tls) {
        return new MetastoreSettings(uris, connectTimeout, readTimeout, retries, backoff, poolSize, filterPushdown,
                kerberos, tls);
    }

    /** Settings that authenticate with Kerberos as {@code kerberos} says, or not at all when it is empty. */
    public MetastoreSettings withKerberos(Optional<MetastoreKerberos> kerberos) {
        return new MetastoreSettings(uris, connectTimeout, readTimeout, retries, backoff, poolSize, filterPushdown,
                kerberos, tls);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
