package io.tableload.catalog;

import java.util.Locale;

/** How a table's files are stored, as told by its SerDe and input format. */
public enum StorageFormat {
    PARQUET, ORC, TEXT, JSON, AVRO, OTHER;

    /**
     * Recognizes the format from the SerDe class and the input format class (either may be
     * {@code null}); anything unrecognized is {@link #OTHER}.
     */
    public static StorageFormat of(String serde, String inputFormat) {
        String s = serde == null ? "" : serde.toLowerCase(Locale.ROOT);
        String in = inputFormat == null ? "" : inputFormat.toLowerCase(Locale.ROOT);
        if (s.contains("parquet") || in.contains("parquet")) {
            return PARQUET;
        }
        if (s.contains("orc") || in.contains("orc")) {
            return ORC;
        }
        if (s.contains("avro") || in.contains("avro")) {
            return AVRO;
        }
        if (s.contains("json")) {
            return JSON;
        }
        if (s.endsWith("lazysimpleserde") || s.endsWith("opencsvserde") || s.endsWith("multidelimitserde")
                || (s.isEmpty() && in.endsWith("textinputformat"))) {
            return TEXT;
        }
        return OTHER;
    }
}
