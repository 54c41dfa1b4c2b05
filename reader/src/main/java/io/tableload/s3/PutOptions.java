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
 * @param encryption the server-side encryption to ask for; empty leaves it to the bucket's default
 */
public record PutOptions(Optional<String> contentType, Map<String, String> metadata, boolean overwrite,
        Optional<ServerSideEncryption> encryption) {
    /** The characters an HTTP header name may hold besides letters and digits (RFC 9110 {@code tchar}). */
    private static final String NAME_SYMBOLS = "!#$%&'*+-.^_`|~";

    /**
     * @throws IllegalArgumentException for a metadata name that cannot be an HTTP header's
     *     ({@code x-amz-meta-NAME}), or a value with a line break or other control character
     */
    public PutOptions {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(encryption, "encryption");
        metadata = Map.copyOf(metadata);
        metadata.forEach(PutOptions::checkMetadata);
    }

    private static void checkMetadata(String name, String value) {
        boolean valid = !name.isEmpty() && name.chars().allMatch(c -> c < 128
                && (Character.isLetterOrDigit(c) || NAME_SYMBOLS.indexOf(c) >= 0));
        if (!valid) {
            throw new IllegalArgumentException("metadata name '" + name + "' cannot be sent as a header"
                    + " x-amz-meta-NAME: use letters, digits and - _ . only");
        }
        if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            throw new IllegalArgumentException("metadata value of '" + name + "' holds a line break or another"
                    + " control character, which a header cannot carry");
        }
    }

    /** No content type, no metadata, overwrite allowed, the bucket's default encryption. */
    public static PutOptions defaults() {
        return new PutOptions(Optional.empty(), Map.of(), true, Optional.empty());
    }

    public PutOptions withContentType(String type) {
        return new PutOptions(Optional.of(type), metadata, overwrite, encryption);
    }

    public PutOptions withMetadata(Map<String, String> meta) {
        return new PutOptions(contentType, meta, overwrite, encryption);
    }

    public PutOptions withOverwrite(boolean on) {
        return new PutOptions(contentType, metadata, on, encryption);
    }

    public PutOptions withEncryption(ServerSideEncryption sse) {
        return new PutOptions(contentType, metadata, overwrite, Optional.of(sse));
    }
}
