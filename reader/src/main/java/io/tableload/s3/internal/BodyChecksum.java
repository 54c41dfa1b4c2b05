package io.tableload.s3.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.checksums.SdkChecksum;

/**
 * A full-object checksum the server sent ({@code x-amz-checksum-*}), computed over the body as it
 * streams and compared at its end. Composite checksums of multipart uploads (a value ending in
 * {@code -N}, or {@code x-amz-checksum-type: COMPOSITE}) describe the parts, not the bytes
 * received, and are not checked, as the SDK does not check them either.
 */
final class BodyChecksum {
    private final String header;
    private final String expected;
    private final Checksum crc;
    private final MessageDigest digest;

    private BodyChecksum(String header, String expected, Checksum crc, MessageDigest digest) {
        this.header = header;
        this.expected = expected;
        this.crc = crc;
        this.digest = digest;
    }

    /** The cheapest checksum among {@code headers} (looked up case-insensitively), if any can be checked. */
    static Optional<BodyChecksum> from(Function<String, String> headers) {
        if ("COMPOSITE".equalsIgnoreCase(headers.apply("x-amz-checksum-type"))) {
            return Optional.empty();
        }
        for (String algorithm : new String[] {"crc32c", "crc32", "crc64nvme", "sha1", "sha256"}) {
            String name = "x-amz-checksum-" + algorithm;
            String value = headers.apply(name);
            if (value == null || value.isBlank() || value.contains("-")) {
                continue;
            }
            Optional<BodyChecksum> check = create(name, algorithm, value.trim());
            if (check.isPresent()) {
                return check;
            }
        }
        return Optional.empty();
    }

    private static Optional<BodyChecksum> create(String header, String algorithm, String value) {
        try {
            return Optional.of(switch (algorithm) {
                case "crc32c" -> new BodyChecksum(header, value, new CRC32C(), null);
                case "crc32" -> new BodyChecksum(header, value, new CRC32(), null);
                case "crc64nvme" -> new BodyChecksum(header, value, SdkChecksum.forAlgorithm(DefaultChecksumAlgorithm.CRC64NVME), null);
                case "sha1" -> new BodyChecksum(header, value, null, MessageDigest.getInstance("SHA-1"));
                default -> new BodyChecksum(header, value, null, MessageDigest.getInstance("SHA-256"));
            });
        } catch (NoSuchAlgorithmException | RuntimeException | LinkageError unavailable) {
            // CRC64NVME needs the AWS CRT library; without it, another header may still serve.
            return Optional.empty();
        }
    }

    /** Adds the bytes between {@code from} and the buffer's position. */
    void update(ByteBuffer buffer, int from) {
        ByteBuffer added = buffer.duplicate().limit(buffer.position()).position(from);
        if (crc != null) {
            crc.update(added);
        } else {
            digest.update(added);
        }
    }

    /** Null when the body matched; otherwise what went wrong, naming the header. */
    String mismatch() {
        byte[] actual;
        if (digest != null) {
            actual = digest.digest();
        } else if (crc instanceof SdkChecksum sdk) {
            actual = sdk.getChecksumBytes();
        } else {
            long v = crc.getValue();
            actual = new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }
        String got = Base64.getEncoder().encodeToString(actual);
        return got.equals(expected) ? null : "the body's " + header + " is " + got + " but the server sent " + expected;
    }
}
