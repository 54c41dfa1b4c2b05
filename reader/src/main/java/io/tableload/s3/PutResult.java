package io.tableload.s3;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one write.
 *
 * @param url where the object was (or would have been) written
 * @param key the key as the caller gave it
 * @param size bytes sent
 * @param etag the new object's ETag, empty when not written
 * @param written false only when {@code overwrite=false} found an existing object (HTTP 412)
 */
public record PutResult(S3Url url, String key, long size, Optional<String> etag, boolean written) {
    public PutResult {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(etag, "etag");
    }
}
