package io.tableload.catalog;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the metastore URIs: an explicit list, else the {@value #ENV} environment variable, else
 * {@code hive.metastore.uris} in {@code $HIVE_CONF_DIR/hive-site.xml}.
 */
public final class MetastoreUris {
    /** The environment variable holding a comma-separated URI list. */
    public static final String ENV = "TABLELOAD_METASTORE";
    /** The port a metastore URI without one gets. */
    public static final int DEFAULT_PORT = 9083;

    private static final String HOW_TO_SET = "set --metastore thrift://HOST:9083[,thrift://HOST2:9083], or the "
            + ENV + " environment variable, or hive.metastore.uris in $HIVE_CONF_DIR/hive-site.xml";

    private MetastoreUris() {
    }

    /** Resolves from the explicit list (may be {@code null} or blank) and this process's environment. */
    public static List<URI> resolve(String explicit) {
        return resolve(explicit, System.getenv());
    }

    /**
     * Resolves from the explicit list (may be {@code null} or blank), then the given environment's
     * {@value #ENV}, then {@code hive-site.xml} in its {@code HIVE_CONF_DIR}.
     *
     * @throws TableloadException {@code USAGE} if none is set, or if a URI is malformed, saying how to set it
     */
    public static List<URI> resolve(String explicit, Map<String, String> env) {
        return resolve(explicit, env, () -> HiveSite.of(env, HOW_TO_SET));
    }

    /** As {@link #resolve(String, Map)}, taking hive-site.xml from {@code site} when it comes to that. */
    static List<URI> resolve(String explicit, Map<String, String> env, Supplier<Optional<HiveSite>> site) {
        if (explicit != null && !explicit.isBlank()) {
            return parseList(explicit, "--metastore");
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return parseList(fromEnv, ENV);
        }
        Optional<HiveSite> hive = site.get();
        Optional<String> fromSite = hive.flatMap(h -> h.get("hive.metastore.uris", "metastore.thrift.uris"));
        if (fromSite.isPresent()) {
            return parseList(fromSite.get(), "hive.metastore.uris in " + hive.get().file());
        }
        throw new TableloadException(ErrorCode.USAGE, "no Hive Metastore address is configured: " + HOW_TO_SET);
    }

    /**
     * Parses a comma-separated list of {@code thrift://host[:port]} URIs.
     *
     * @param source where the list came from, for error messages
     */
    public static List<URI> parseList(String list, String source) {
        List<URI> uris = new ArrayList<>();
        for (String part : list.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = new URI(p);
            } catch (URISyntaxException e) {
                throw badUri(p, source, e.getReason());
            }
            if (uri.getHost() == null && uri.getAuthority() != null && uri.getAuthority().contains("_")) {
                // java.net.URI, and with it Hive's own client, takes no '_' in a host name (RFC 1123).
                throw badUri(p, source, "a host name cannot hold '_'; use the host's address or a name without '_'");
            }
            if (uri.getHost() == null || !"thrift".equalsIgnoreCase(uri.getScheme())) {
                throw badUri(p, source, "expected thrift://HOST:PORT");
            }
            if (uri.getPort() < 0) {
                uri = URI.create("thrift://" + uri.getHost() + ":" + DEFAULT_PORT);
            }
            uris.add(uri);
        }
        if (uris.isEmpty()) {
            throw new TableloadException(ErrorCode.USAGE, "the metastore address list from " + source
                    + " is empty: " + HOW_TO_SET);
        }
        return List.copyOf(uris);
    }

    static void check(URI uri) {
        if (uri == null || uri.getHost() == null || uri.getPort() < 0 || !"thrift".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("not a thrift://HOST:PORT metastore URI: " + uri);
        }
    }

    private static TableloadException badUri(String uri, String source, String problem) {
        return new TableloadException(ErrorCode.USAGE, "bad metastore URI \"" + uri + "\" from " + source + ": "
                + problem + "; " + HOW_TO_SET);
    }
}
