package io.tableload.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hive's partition names and paths: {@code country=FI/dt=2024-01-01}, with keys and values escaped
 * the way Hive escapes them ({@code /} as {@code %2F}, {@code =} as {@code %3D}...) and a NULL value
 * written as {@value #DEFAULT_PARTITION}.
 */
public final class PartitionPaths {
    /** What Hive stores for a NULL partition value. */
    public static final String DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";

    // Hive's escape set (FileUtils.charToEscape): control characters and " # % ' * / : = ? \ DEL { [ ] ^
    private static final BitSet ESCAPED = new BitSet(128);

    static {
        for (char c = 0; c < ' '; c++) {
            ESCAPED.set(c);
        }
        for (char c : new char[] {'"', '#', '%', '\'', '*', '/', ':', '=', '?', '\\', '\u007F', '{', '[', ']', '^'}) {
            ESCAPED.set(c);
        }
    }

    private PartitionPaths() {
    }

    /** Escapes one key or value as Hive does in names and paths; {@code null} or empty gives the default partition. */
    public static String escape(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_PARTITION;
        }
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 128 && ESCAPED.get(c)) {
                if (sb == null) {
                    sb = new StringBuilder(value.length() + 8).append(value, 0, i);
                }
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? value : sb.toString();
    }

    /** Undoes {@link #escape}: {@code %XX} becomes the character; malformed escapes stay as they are. */
    public static String unescape(String text) {
        int pct = text.indexOf('%');
        if (pct < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length()).append(text, 0, pct);
        for (int i = pct; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    sb.append((char) (hi * 16 + lo));
                    i += 2;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** The partition path of values in key order: {@code k1=v1/k2=v2}, escaped; empty for no keys. */
    public static String path(Map<String, String> values) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(escape(e.getKey())).append('=').append(escape(e.getValue()));
        }
        return sb.toString();
    }

    /**
     * Parses a partition name as the metastore lists it into unescaped values in key order, NULL
     * for the default partition.
     *
     * @throws IllegalArgumentException if the name does not have one {@code key=value} per key
     */
    public static Map<String, String> parse(String name, List<String> keys) {
        List<String> parts = name.isEmpty() ? List.of() : Arrays.asList(name.split("/", -1));
        if (parts.size() != keys.size()) {
            throw new IllegalArgumentException("partition name \"" + name + "\" does not have the keys " + keys);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            int eq = part.indexOf('=');
            if (eq < 0 || !unescape(part.substring(0, eq)).equalsIgnoreCase(keys.get(i))) {
                throw new IllegalArgumentException("partition name \"" + name + "\" does not have the keys " + keys);
            }
            values.put(keys.get(i), valueOf(unescape(part.substring(eq + 1))));
        }
        return Collections.unmodifiableMap(values);
    }

    /** A stored partition value as tableload reports it: the default partition marker is NULL. */
    public static String valueOf(String stored) {
        return DEFAULT_PARTITION.equals(stored) ? null : stored;
    }

    /** Values in key order for a list of stored values. */
    static Map<String, String> values(List<String> keys, List<String> stored) {
        if (keys.size() != stored.size()) {
            throw new IllegalArgumentException(stored.size() + " values for the keys " + keys);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            values.put(keys.get(i), valueOf(stored.get(i)));
        }
        return values;
    }

    static List<String> keyNames(List<Column> keys) {
        List<String> names = new ArrayList<>(keys.size());
        keys.forEach(k -> names.add(k.name()));
        return names;
    }
}
