package io.tableload.s3;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a listing: an object, or (in {@link S3Session#listPaths}) a common prefix.
 *
 * @param url the full address
 * @param key the key relative to the session's root prefix, or the full key without one
 * @param size the object's size; 0 for a prefix
 * @param lastModified when the object was last written; empty for a prefix
 * @param etag the object's ETag without quotes; empty for a prefix
 * @param isPrefix whether this is a common prefix (a "directory"), not an object
 */
public record ListEntry(S3Url url, String key, long size, Optional<Instant> lastModified,
        Optional<String> etag, boolean isPrefix) {
    public ListEntry {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(etag, "etag");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, was " + size);
        }
    }

    /**
     * Whether this is a folder marker: an empty object whose key ends in {@code /}, which S3
     * consoles create for an empty "folder". It holds no data and has no name a file could take,
     * so {@link S3Session#getRecursive} and {@code tableload s3 get --recursive} leave it out.
     */
    public boolean isFolderMarker() {
        return !isPrefix && size == 0 && url.key().endsWith("/");
    }
}
