package io.tableload.s3;

import java.util.Objects;
import java.util.Optional;

/**
 * Static credentials that override the AWS default chain (meant for tests and sandboxes). The
 * secret and session token never appear in {@link #toString()}, logs or error messages.
 */
public record S3Credentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
    public S3Credentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("access key id and secret must not be blank");
        }
    }

    public static S3Credentials of(String accessKeyId, String secretAccessKey) {
        return new S3Credentials(accessKeyId, secretAccessKey, Optional.empty());
    }

    @Override
    public String toString() {
        return "S3Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=****"
                + (sessionToken.isPresent() ? ", sessionToken=****" : "") + "]";
    }
}
