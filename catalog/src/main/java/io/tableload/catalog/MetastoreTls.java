package io.tableload.catalog;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS for a metastore that takes only TLS connections (Hive's {@code hive.metastore.use.SSL=true}):
 * which certificates to trust. The metastore's certificate is checked against them, and its host
 * name against the URI's, as for any TLS server.
 *
 * <p>By default, the JDK's trusted certificate authorities; {@link #trusting} names a trust store
 * (JKS or PKCS12, as Hive's {@code hive.metastore.truststore.path}) holding the metastore's
 * certificate or the authority that signed it. The store's password is never shown:
 * {@link #toString} leaves it out.
 */
public final class MetastoreTls {
    /** The environment variable holding the trust store's password. */
    public static final String TRUSTSTORE_PASSWORD_ENV = "TABLELOAD_METASTORE_TRUSTSTORE_PASSWORD";

    private final Path truststore;
    private final String password;
    private final String type;

    private MetastoreTls(Path truststore, String password, String type) {
        this.truststore = truststore;
        this.password = password;
        this.type = type;
    }

    /** TLS trusting the JDK's certificate authorities. */
    public static MetastoreTls systemTrust() {
        return new MetastoreTls(null, null, null);
    }

    /**
     * TLS trusting the certificates in {@code truststore}.
     *
     * @param password the store's password; {@code null} to read it without one (its certificates
     *     are then read without checking the store's integrity, as {@code keytool -list} does)
     */
    public static MetastoreTls trusting(Path truststore, String password) {
        return new MetastoreTls(Objects.requireNonNull(truststore, "truststore"), password, null);
    }

    /** The same, reading the trust store as {@code type} ({@code JKS}, {@code PKCS12}) rather than by its content. */
    public MetastoreTls withType(String type) {
        return new MetastoreTls(truststore, password, type);
    }

    /** The trust store, if one is named. */
    public Optional<Path> truststore() {
        return Optional.ofNullable(truststore);
    }

    /** The trust store's password, if it has one. */
    public Optional<String> truststorePassword() {
        return Optional.ofNullable(password);
    }

    /** The trust store's type, if one is named. */
    public Optional<String> truststoreType() {
        return Optional.ofNullable(type);
    }

    /**
     * The TLS settings {@code env} asks for: where {@code $HIVE_CONF_DIR/hive-site.xml} sets
     * {@code hive.metastore.use.SSL} to true, its {@code hive.metastore.truststore.path},
     * {@code .password} and {@code .type}; {@value #TRUSTSTORE_PASSWORD_ENV} gives or replaces the
     * password. Empty when hive-site.xml does not ask for TLS.
     */
    public static Optional<MetastoreTls> fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, HiveSite.of(env, "set --metastore-tls"));
    }

    /** As {@link #fromEnvironment(Map)}, with {@code env}'s hive-site.xml read already. */
    static Optional<MetastoreTls> fromEnvironment(Map<String, String> env, Optional<HiveSite> site) {
        if (site.isEmpty() || !site.get().isTrue("hive.metastore.use.SSL", "metastore.use.SSL")) {
            return Optional.empty();
        }
        HiveSite hive = site.get();
        Optional<String> path = hive.get("hive.metastore.truststore.path", "metastore.truststore.path");
        String password = Optional.ofNullable(env.get(TRUSTSTORE_PASSWORD_ENV)).filter(p -> !p.isEmpty())
                .or(() -> hive.get("hive.metastore.truststore.password", "metastore.truststore.password")).orElse(null);
        String type = hive.get("hive.metastore.truststore.type", "metastore.truststore.type").map(String::strip).orElse(null);
        if (path.isEmpty()) {
            return Optional.of(new MetastoreTls(null, null, type));
        }
        return Optional.of(new MetastoreTls(Path.of(path.get().strip()), password, type));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetastoreTls t && Objects.equals(truststore, t.truststore) && Objects.equals(password, t.password)
                && Objects.equals(type, t.type);
    }

    @Override
    public int hashCode() {
        return Objects.hash(truststore, password, type);
    }

    @Override
    public String toString() {
        if (truststore == null) {
            return "TLS trusting the JDK's authorities";
        }
        return "TLS trusting " + truststore + (type == null ? "" : " (" + type + ")")
                + (password == null ? "" : " (password given)");
    }
}
