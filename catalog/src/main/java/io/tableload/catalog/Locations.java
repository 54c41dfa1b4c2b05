package io.tableload.catalog;

import java.util.Locale;

/** Storage locations as tableload passes them on. */
public final class Locations {
    private Locations() {
    }

    /**
     * Normalizes a metastore location: {@code s3a://} and {@code s3n://} become {@code s3://}
     * (one object store, three Hadoop connector names); {@code file:///x} becomes {@code file:/x}
     * as the metastore writes it; trailing slashes are dropped. {@code null} stays {@code null}.
     * Whitespace is kept: a partition value may end in a space, and so then does the key prefix of
     * its files.
     */
    public static String normalize(String location) {
        if (location == null) {
            return null;
        }
        String l = location;
        String lower = l.toLowerCase(Locale.ROOT);
        if (lower.startsWith("s3a://") || lower.startsWith("s3n://")) {
            l = "s3://" + l.substring(6);
        } else if (lower.startsWith("s3://")) {
            l = "s3://" + l.substring(5);
        } else if (lower.startsWith("file:///")) {
            l = "file:/" + l.substring(8);
        }
        while (l.endsWith("/") && !l.endsWith("://") && !l.equals("file:/")) {
            l = l.substring(0, l.length() - 1);
        }
        return l;
    }
}
