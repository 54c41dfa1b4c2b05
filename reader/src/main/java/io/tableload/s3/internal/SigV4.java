package io.tableload.s3.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * AWS Signature Version 4 for the requests the direct GET path sends: a method and path with no
 * query and no body. S3 takes the path as sent (no second encoding, no normalization); the body
 * hash is that of the empty string. The derived signing key is kept per secret, day and region,
 * so a request costs two SHA-256 runs and one HMAC instead of five.
 */
final class SigV4 {
    static final String EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    /**
     * Looking a JCA algorithm up walks the security providers (about a millisecond on a cold JVM):
     * done once, and each thread takes a copy of what was found. The HMAC is computed over the
     * same digest ({@link HmacSha256}), which keeps the JCE out of a plain-HTTP run.
     */
    private static final MessageDigest SHA256_FOUND = sha256Lookup();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(SigV4::sha256Copy);

    private final String region;
    private volatile SigningKey key;
    private volatile Stamp stamp;

    /** The request time, formatted once per second. */
    private record Stamp(long second, String text) {
    }

    private record SigningKey(String secret, String day, byte[] bytes) {
    }

    SigV4(String region) {
        this.region = region;
    }

    /** Takes out of {@code headers} what {@link #sign} added, so that they can be signed again. */
    static void unsign(Map<String, String> headers) {
        headers.keySet().removeAll(ADDED);
    }

    private static final Set<String> ADDED =
            Set.of("x-amz-content-sha256", "x-amz-date", "x-amz-security-token", "authorization");

    /**
     * Adds {@code x-amz-date}, {@code x-amz-content-sha256}, the session token if any and
     * {@code Authorization} to {@code headers}, which must already hold {@code host} and every
     * other header to sign (names in lower case). Returns the same map.
     */
    Map<String, String> sign(String method, String encodedPath, String canonicalQuery, TreeMap<String, String> headers,
            AwsCredentials credentials, Instant now) {
        Stamp cached = this.stamp;
        if (cached == null || cached.second != now.getEpochSecond()) {
            cached = new Stamp(now.getEpochSecond(), STAMP.format(now));
            this.stamp = cached;
        }
        String stamp = cached.text;
        String day = stamp.substring(0, 8);
        headers.put("x-amz-content-sha256", EMPTY_BODY_SHA256);
        headers.put("x-amz-date", stamp);
        if (credentials instanceof AwsSessionCredentials session) {
            headers.put("x-amz-security-token", session.sessionToken());
        }
        StringBuilder canonical = new StringBuilder(256).append(method).append('\n').append(encodedPath)
                .append('\n').append(canonicalQuery).append('\n');
        StringBuilder signed = new StringBuilder();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            canonical.append(h.getKey()).append(':').append(h.getValue().trim()).append('\n');
            signed.append(signed.length() == 0 ? "" : ";").append(h.getKey());
        }
        canonical.append('\n').append(signed).append('\n').append(EMPTY_BODY_SHA256);
        String scope = day + "/" + region + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n" + HEX.formatHex(sha256(canonical.toString()));
        String signature = HEX.formatHex(hmac(signingKey(credentials.secretAccessKey(), day), toSign));
        headers.put("authorization", "AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signed + ", Signature=" + signature);
        return headers;
    }

    private byte[] signingKey(String secret, String day) {
        SigningKey cached = key;
        if (cached != null && cached.day.equals(day) && cached.secret.equals(secret)) {
            return cached.bytes;
        }
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
        k = hmac(k, region);
        k = hmac(k, "s3");
        k = hmac(k, "aws4_request");
        key = new SigningKey(secret, day, k);
        return k;
    }

    /**
     * A query string in the signature's canonical form, which is also a valid one to send:
     * parameters in name order, names and values percent-encoded (including {@code /}).
     */
    static String canonicalQuery(Map<String, String> parameters) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> p : new TreeMap<>(parameters).entrySet()) {
            out.append(out.length() == 0 ? "" : "&").append(encode(p.getKey(), false)).append('=')
                    .append(encode(p.getValue(), false));
        }
        return out.toString();
    }

    /**
     * {@code key} as an S3 path: every byte but the unreserved characters and {@code /}
     * percent-encoded from its UTF-8 form, the way the signature's canonical URI wants it.
     */
    static String encodePath(String key) {
        return encode(key, true);
    }

    private static String encode(String text, boolean keepSlash) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && keepSlash)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Loads the algorithms signing needs (see {@link SessionPreparation}). */
    static void prepare() {
        hmac(sha256("prepare"), "prepare");
    }

    private static byte[] sha256(String text) {
        return SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, String data) {
        return HmacSha256.of(SHA256.get(), key, data.getBytes(StandardCharsets.UTF_8));
    }

    /** This thread's copy of the digest found once, or its own lookup where the provider's cannot be copied. */
    private static MessageDigest sha256Copy() {
        try {
            return (MessageDigest) SHA256_FOUND.clone();
        } catch (CloneNotSupportedException e) {
            return sha256Lookup();
        }
    }

    private static MessageDigest sha256Lookup() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks SHA-256, which SigV4 needs", e);
        }
    }
}
