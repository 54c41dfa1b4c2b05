package io.tableload.s3.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a ListObjectsV2 answer ({@code ListBucketResult}) asked for with
 * {@code encoding-type=url}: keys and prefixes arrive URL-encoded and are decoded here.
 */
final class ListingXml {
    private static final XMLInputFactory FACTORY = factory();
    private static final java.util.Set<String> TOP_FIELDS = java.util.Set.of("IsTruncated", "NextContinuationToken",
            "EncodingType");
    /** The fields read from {@code <Contents>} and {@code <CommonPrefixes>}; others (such as {@code <Owner>}) are skipped. */
    private static final java.util.Set<String> ITEM_FIELDS = java.util.Set.of("Key", "Prefix", "Size", "LastModified",
            "ETag");

    private ListingXml() {
    }

    private static XMLInputFactory factory() {
        // The JDK's own parser, whatever else the classpath offers (Hadoop brings Woodstox along).
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        // A listing has no business with DTDs or entities beyond the predefined ones.
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }

    /** Sets the parser up by reading an empty listing (see {@link SessionPreparation}). */
    static void prepare() {
        try {
            parse("<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Lister.Page parse(byte[] xml) throws IOException {
        List<Lister.Item> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String next = null;
        boolean truncated = false;
        boolean urlEncoded = false;
        try {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
            // Fields of the <Contents> being read; <Prefix> at the top is the request's own prefix.
            String key = null;
            long size = 0;
            Optional<Instant> modified = Optional.empty();
            Optional<String> etag = Optional.empty();
            String parent = null;
            int depth = 0;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamReader.START_ELEMENT) {
                    depth++;
                    String name = r.getLocalName();
                    if (depth == 2 && (name.equals("Contents") || name.equals("CommonPrefixes"))) {
                        parent = name;
                        key = null;
                        size = 0;
                        modified = Optional.empty();
                        etag = Optional.empty();
                        continue;
                    }
                    if (depth == 2 && TOP_FIELDS.contains(name)) {
                        String text = r.getElementText();
                        depth--; // getElementText consumed the end tag
                        switch (name) {
                            case "IsTruncated" -> truncated = Boolean.parseBoolean(text.trim());
                            case "NextContinuationToken" -> next = text;
                            default -> urlEncoded = text.trim().equalsIgnoreCase("url");
                        }
                    } else if (depth == 3 && parent != null && ITEM_FIELDS.contains(name)) {
                        String text = r.getElementText();
                        depth--;
                        switch (name) {
                            case "Key", "Prefix" -> key = text;
                            case "Size" -> size = Long.parseLong(text.trim());
                            case "LastModified" -> modified = Timestamps.isoInstant(text);
                            default -> etag = Optional.of(text);
                        }
                    }
                } else if (event == XMLStreamReader.END_ELEMENT) {
                    if (depth == 2 && parent != null && key != null) {
                        if (parent.equals("Contents")) {
                            objects.add(new Lister.Item(key, size, modified, etag));
                        } else {
                            prefixes.add(key);
                        }
                        parent = null;
                    }
                    depth--;
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw new TransientException("the listing the server sent could not be read: " + e.getMessage());
        }
        if (urlEncoded) {
            objects.replaceAll(o -> new Lister.Item(decode(o.key()), o.size(), o.lastModified(), o.etag()));
            prefixes.replaceAll(ListingXml::decode);
        }
        return new Lister.Page(objects, prefixes, truncated ? Optional.ofNullable(next) : Optional.empty());
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
