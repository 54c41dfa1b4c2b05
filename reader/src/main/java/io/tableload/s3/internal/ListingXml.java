package io.tableload.s3.internal;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a ListObjectsV2 answer ({@code ListBucketResult}) asked for with
 * {@code encoding-type=url}: keys and prefixes arrive URL-encoded and are decoded here.
 */
final class ListingXml {
    private static final java.util.Set<String> TOP_FIELDS = java.util.Set.of("IsTruncated", "NextContinuationToken",
            "EncodingType");
    /** The fields read from {@code <Contents>} and {@code <CommonPrefixes>}; others (such as {@code <Owner>}) are skipped. */
    private static final java.util.Set<String> ITEM_FIELDS = java.util.Set.of("Key", "Prefix", "Size", "LastModified",
            "ETag");

    private ListingXml() {
    }

    static Lister.Page parse(byte[] xml) throws IOException {
        List<Lister.Item> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String next = null;
        boolean truncated = false;
        boolean urlEncoded = false;
        try {
            XmlElements r = new XmlElements(xml);
            // Fields of the <Contents> being read; <Prefix> at the top is the request's own prefix.
            String key = null;
            long size = 0;
            Optional<Instant> modified = Optional.empty();
            Optional<String> etag = Optional.empty();
            String parent = null;
            for (XmlElements.Event event = r.next(); event != XmlElements.Event.END_OF_DOCUMENT; event = r.next()) {
                if (event == XmlElements.Event.START) {
                    int depth = r.depth(); // the root is 1
                    String name = r.name();
                    if (depth == 2 && (name.equals("Contents") || name.equals("CommonPrefixes"))) {
                        parent = name;
                        key = null;
                        size = 0;
                        modified = Optional.empty();
                        etag = Optional.empty();
                        continue;
                    }
                    if (depth == 2 && TOP_FIELDS.contains(name)) {
                        String text = r.text();
                        switch (name) {
                            case "IsTruncated" -> truncated = Boolean.parseBoolean(text.trim());
                            case "NextContinuationToken" -> next = text;
                            default -> urlEncoded = text.trim().equalsIgnoreCase("url");
                        }
                    } else if (depth == 3 && parent != null && ITEM_FIELDS.contains(name)) {
                        String text = r.text();
                        switch (name) {
                            case "Key", "Prefix" -> key = text;
                            case "Size" -> size = Long.parseLong(text.trim());
                            case "LastModified" -> modified = Timestamps.isoInstant(text);
                            default -> etag = Optional.of(text);
                        }
                    }
                } else if (r.depth() == 1) { // the end of an element under the root
                    if (parent != null && key != null) {
                        if (parent.equals("Contents")) {
                            objects.add(new Lister.Item(key, size, modified, etag));
                        } else {
                            prefixes.add(key);
                        }
                        parent = null;
                    }
                }
            }
        } catch (RuntimeException e) {
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
