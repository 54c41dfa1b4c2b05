package io.tableload.s3;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One object to write in {@link S3Session#putMany}: its key and either in-memory bytes or a
 * local file.
 */
public record PutRequest(String key, Optional<byte[]> bytes, Optional<Path> file, PutOptions options) {
    public PutRequest {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        if (bytes.isPresent() == file.isPresent()) {
            throw new IllegalArgumentException("a put request needs exactly one of bytes or file");
        }
    }

    public static PutRequest ofBytes(String key, byte[] data, PutOptions options) {
        return new PutRequest(key, Optional.of(data), Optional.empty(), options);
    }

    public static PutRequest ofString(String key, String text, PutOptions options) {
        return ofBytes(key, text.getBytes(StandardCharsets.UTF_8), options);
    }

    public static PutRequest ofFile(String key, Path path, PutOptions options) {
        return new PutRequest(key, Optional.empty(), Optional.of(path), options);
    }
}
