package io.tableload.load;

/**
 * Tells data files from the other objects writers leave under a table or partition location:
 * {@code _SUCCESS} and other {@code _}-prefixed markers, {@code _temporary/} directories,
 * hidden {@code .}-prefixed files (such as {@code .part-0.crc}), Hadoop's {@code _$folder$}
 * markers, "directory" objects whose key ends in {@code /}, and empty objects.
 */
final class DataFiles {
    private DataFiles() {}

    /**
     * @param relativeKey the object's key relative to the location that was listed
     * @param size the object's size
     */
    static boolean isDataFile(String relativeKey, long size) {
        if (relativeKey.isEmpty() || relativeKey.endsWith("/") || relativeKey.endsWith("_$folder$")) {
            return false;
        }
        for (String segment : relativeKey.split("/")) {
            if (segment.startsWith("_") || segment.startsWith(".")) {
                return false;
            }
        }
        // An empty object holds no rows, and an empty "Parquet file" cannot be read at all.
        return size > 0;
    }
}
