package io.tableload.s3;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How an object is written.
 *
 * @param contentType the {@code Content-Type} to store; empty lets the server choose
 * @param metadata user metadata ({@code x-amz-meta-*}); names are lower-cased by S3
 * @param overwrite when false, the write is a conditional PUT ({@code If-None-Match: *}) that
 *     leaves an existing object untouched and reports {@link PutResult#written()} false
 */
public record PutOptions(Optional<String> contentType, Map<String, String> metadata, boolean overwrite) {
    public PutOptions {
        Objects.requireNonNull(contentType, "contentType");
        metadata = Map.copyOf(metadata);
    }

    /** No content type, no metadata, overwrite allowed. */
    public static PutOptions defaults() {
        return new PutOptions(Optional.empty(), Map.of(), true);
    }

    public PutOptions withContentType(String type) {
        return new PutOptions(Optional.of(type), metadata, overwrite);
    }

    public PutOptions withMetadata(Map<String, String> meta) {
        return new PutOptions(contentType, meta, overwrite);
    }

    public PutOptions withOverwrite(boolean on) {
        return new PutOptions(contentType, metadata, on);
    }
}
