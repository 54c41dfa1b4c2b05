package io.tableload.s3;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The server-side encryption an upload asks S3 for: its {@code x-amz-server-side-encryption}
 * header and, for KMS, the key. Buckets whose policy refuses uploads that do not ask for it (a
 * common "deny unencrypted uploads" rule) need it; objects are read back the same either way.
 *
 * @param algorithm {@code AES256} (keys managed by S3), {@code aws:kms} or {@code aws:kms:dsse}
 * @param kmsKeyId the KMS key's id, ARN or alias; empty for the account's default key. Only with KMS
 */
public record ServerSideEncryption(String algorithm, Optional<String> kmsKeyId) {
    private static final Set<String> ALGORITHMS = Set.of("AES256", "aws:kms", "aws:kms:dsse");

    /** @throws IllegalArgumentException for an algorithm S3 does not have, or a key without KMS */
    public ServerSideEncryption {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(kmsKeyId, "kmsKeyId");
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("server-side encryption must be AES256, aws:kms or aws:kms:dsse, was '"
                    + algorithm + "'");
        }
        if (kmsKeyId.isPresent()) {
            String key = kmsKeyId.get();
            if (algorithm.equals("AES256")) {
                throw new IllegalArgumentException("a KMS key goes with aws:kms or aws:kms:dsse encryption, not AES256");
            }
            if (key.isBlank() || key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("a KMS key id must be a key id, ARN or alias, was '" + key + "'");
            }
        }
    }

    /** Encryption with keys S3 manages ({@code AES256}, SSE-S3). */
    public static ServerSideEncryption s3Managed() {
        return new ServerSideEncryption("AES256", Optional.empty());
    }

    /** Encryption with the account's default KMS key ({@code aws:kms}, SSE-KMS). */
    public static ServerSideEncryption kms() {
        return new ServerSideEncryption("aws:kms", Optional.empty());
    }

    /** Encryption with the KMS key {@code keyId} (an id, ARN or alias). */
    public static ServerSideEncryption kms(String keyId) {
        return new ServerSideEncryption("aws:kms", Optional.of(keyId));
    }

    /**
     * The encryption named as S3 and the AWS CLI name it ({@code AES256}, {@code aws:kms},
     * {@code aws:kms:dsse}; any case), with an optional KMS key.
     *
     * @throws IllegalArgumentException as the constructor does
     */
    public static ServerSideEncryption parse(String algorithm, Optional<String> kmsKeyId) {
        String trimmed = algorithm.trim();
        String named = trimmed.equalsIgnoreCase("AES256") ? "AES256" : trimmed.toLowerCase(Locale.ROOT);
        return new ServerSideEncryption(named, kmsKeyId.map(String::trim));
    }
}
