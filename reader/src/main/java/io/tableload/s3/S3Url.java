package io.tableload.s3;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.util.Objects;

/**
 * An {@code s3://bucket/key} address. The key may be empty (the whole bucket) and may end with
 * {@code /} (a prefix). Keys are kept exactly as given: S3 allows spaces, unicode, {@code +},
 * {@code %} and even {@code ../} in keys, and this type never rewrites them.
 *
 * @param bucket a bucket name: letters, digits, dots, hyphens or underscores, starting and ending
 *     with a letter or digit (DNS-compatible names plus the legacy forms some stores still use)
 * @param key the object key or prefix, possibly empty, at most 1024 UTF-8 bytes
 */
public record S3Url(String bucket, String key) {
    private static final String SCHEME = "s3://";
    // Legacy buckets (us-east-1, S3-compatible stores) may hold upper case and underscores.
    private static final java.util.regex.Pattern BUCKET = java.util.regex.Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]");
    /** S3's limit on a key's length in UTF-8 bytes; a char takes at most 3 of them. */
    private static final int MAX_KEY_BYTES = 1024;

    public S3Url {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (!BUCKET.matcher(bucket).matches()) {
            throw new TableloadException(ErrorCode.USAGE, "'" + bucket + "' is not a valid bucket name:"
                    + " use 3-63 lower-case letters, digits, dots or hyphens, starting and ending with a letter or digit");
        }
        if (key.length() * 3 > MAX_KEY_BYTES && key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new TableloadException(ErrorCode.USAGE, "the key of s3://" + bucket + "/" + key.substring(0, 40)
                    + "... is longer than S3's limit of 1024 bytes");
        }
        if (key.indexOf('\0') >= 0) {
            throw new TableloadException(ErrorCode.USAGE, "the key '" + key + "' contains a NUL character");
        }
    }

    /**
     * Parses {@code s3://bucket[/key]}. Anything else (another scheme, no bucket, a bare key) is
     * a {@link ErrorCode#USAGE} error saying what was expected.
     */
    public static S3Url parse(String url) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith(SCHEME)) {
            throw new TableloadException(ErrorCode.USAGE,
                    "'" + url + "' is not an S3 URL: write it as s3://bucket/key");
        }
        String rest = url.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new TableloadException(ErrorCode.USAGE, "'" + url + "' names no bucket: write it as s3://bucket/key");
        }
        return new S3Url(bucket, key);
    }

    /** Whether {@code text} starts with {@code s3://}. */
    public static boolean looksLikeUrl(String text) {
        return text.startsWith(SCHEME);
    }

    /**
     * The address of {@code relative} under this one, treating this key as a directory: a
     * {@code /} is inserted between them unless this key is empty or already ends with one.
     */
    public S3Url resolve(String relative) {
        if (key.isEmpty() || key.endsWith("/")) {
            return new S3Url(bucket, key + relative);
        }
        return new S3Url(bucket, key + "/" + relative);
    }

    /** This key as a listing prefix: itself if empty or ending in {@code /}, else with {@code /} added. */
    public S3Url asPrefix() {
        return key.isEmpty() || key.endsWith("/") ? this : new S3Url(bucket, key + "/");
    }

    /** The last path segment of the key (after the last {@code /} that is not at the end). */
    public String name() {
        String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        return k.substring(k.lastIndexOf('/') + 1);
    }

    /** {@code s3://bucket/key}. */
    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}
