package io.tableload.catalog;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

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
        if (explicit != null && !explicit.isBlank()) {
            return parseList(explicit, "--metastore");
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return parseList(fromEnv, ENV);
        }
        String confDir = env.get("HIVE_CONF_DIR");
        if (confDir != null && !confDir.isBlank()) {
            Path site = Path.of(confDir, "hive-site.xml");
            if (Files.isRegularFile(site)) {
                String fromSite = readHiveSite(site);
                if (fromSite != null && !fromSite.isBlank()) {
                    return parseList(fromSite, "hive.metastore.uris in " + site);
                }
            }
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

    private static String readHiveSite(Path site) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // A configuration file has no business pulling in external entities.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            Document doc = builder.parse(site.toFile());
            NodeList properties = doc.getElementsByTagName("property");
            String value = null;
            for (int i = 0; i < properties.getLength(); i++) {
                Element property = (Element) properties.item(i);
                if ("hive.metastore.uris".equals(text(property, "name"))) {
                    value = text(property, "value"); // the last definition wins, as in Hadoop
                }
            }
            return value;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new TableloadException(ErrorCode.USAGE, "cannot read " + site + ": " + e.getMessage()
                    + "; fix the file or " + HOW_TO_SET, e);
        }
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }
}
