package io.tableload.catalog;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The properties of {@code $HIVE_CONF_DIR/hive-site.xml}, where Hive's clients find how to reach
 * their metastore: its URIs and, on a Kerberos cluster, its principal.
 */
final class HiveSite {
    private final Path file;
    private final Map<String, String> properties;

    private HiveSite(Path file, Map<String, String> properties) {
        this.file = file;
        this.properties = properties;
    }

    /**
     * The {@code hive-site.xml} of {@code env}'s {@code HIVE_CONF_DIR}, if both exist.
     *
     * @param fixHint what else the user can do, for the message when the file cannot be read
     * @throws TableloadException {@code USAGE} if the file exists but cannot be read
     */
    static Optional<HiveSite> of(Map<String, String> env, String fixHint) {
        String confDir = env.get("HIVE_CONF_DIR");
        if (confDir == null || confDir.isBlank()) {
            return Optional.empty();
        }
        Path site = Path.of(confDir, "hive-site.xml");
        if (!Files.isRegularFile(site)) {
            return Optional.empty();
        }
        return Optional.of(new HiveSite(site, read(site, fixHint)));
    }

    /** The file's path, for messages. */
    Path file() {
        return file;
    }

    /**
     * The value of the first of {@code names} the file sets: Hive's {@code hive.metastore.*} name
     * of a setting, then the standalone metastore's name of it ({@code metastore.*}), which Hive 3+
     * clients read as well.
     */
    Optional<String> get(String... names) {
        for (String name : names) {
            String value = properties.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** Whether the first of {@code names} the file sets is {@code true}, as Hadoop reads a boolean. */
    boolean isTrue(String... names) {
        return get(names).map(v -> v.strip().equalsIgnoreCase("true")).orElse(false);
    }

    private static Map<String, String> read(Path site, String fixHint) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // A configuration file has no business pulling in external entities.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setExpandEntityReferences(false);
            Document doc = factory.newDocumentBuilder().parse(site.toFile());
            NodeList nodes = doc.getElementsByTagName("property");
            Map<String, String> properties = new HashMap<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                Element property = (Element) nodes.item(i);
                String name = text(property, "name");
                String value = text(property, "value");
                if (name != null && value != null) {
                    properties.put(name, value); // the last definition wins, as in Hadoop
                }
            }
            return properties;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new TableloadException(ErrorCode.USAGE, "cannot read " + site + ": " + e.getMessage()
                    + "; fix the file or " + fixHint, e);
        }
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }
}
