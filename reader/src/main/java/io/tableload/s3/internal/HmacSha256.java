package io.tableload.s3.internal;

import java.security.MessageDigest;

/**
 * HMAC-SHA256 (RFC 2104) over a SHA-256 {@link MessageDigest}. The JDK's {@code Mac} gives the
 * same bytes ({@code HmacSha256Test}), but its first lookup walks every security provider until
 * it reaches SunJCE and sets up the JCE's jurisdiction policies: about 30 ms of CPU in each
 * short command, which signs a handful of requests.
 */
final class HmacSha256 {
    private static final int BLOCK = 64;

    private HmacSha256() {
    }

    /** The HMAC of {@code data} under {@code key}; {@code sha256} is reset and left reset. */
    static byte[] of(MessageDigest sha256, byte[] key, byte[] data) {
        sha256.reset();
        byte[] k = key.length > BLOCK ? sha256.digest(key) : key;
        byte[] pad = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            pad[i] = (byte) ((i < k.length ? k[i] : 0) ^ 0x36);
        }
        sha256.update(pad);
        sha256.update(data);
        byte[] inner = sha256.digest();
        for (int i = 0; i < BLOCK; i++) {
            pad[i] ^= 0x36 ^ 0x5c; // the inner pad turned into the outer one
        }
        sha256.update(pad);
        sha256.update(inner);
        return sha256.digest();
    }
}
