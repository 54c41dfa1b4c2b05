package io.tableload.s3;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a get or info call: an object's address and metadata and, when downloaded, its
 * bytes in a local file or in memory. A result is only ever handed out complete: its length (and
 * its checksum where the server sent one) has been checked.
 *
 * <p>Files in a session's temporary directory belong to the session and disappear when it is
 * closed; read or move them before. Files under an explicit destination belong to the caller.
 */
public final class S3Object {
    private final S3Url url;
    private final String key;
    private final boolean exists;
    private final long size;
    private final Optional<Path> localPath;
    private final byte[] memory;
    private final Optional<String> contentType;
    private final Map<String, String> metadata;
    private final Optional<Instant> lastModified;
    private final Optional<String> etag;
    private final Optional<RangeInfo> range;

    private S3Object(S3Url url, String key, boolean exists, long size, Optional<Path> localPath, byte[] memory,
            Optional<String> contentType, Map<String, String> metadata, Optional<Instant> lastModified,
            Optional<String> etag, Optional<RangeInfo> range) {
        this.url = Objects.requireNonNull(url, "url");
        this.key = Objects.requireNonNull(key, "key");
        this.exists = exists;
        this.size = size;
        this.localPath = Objects.requireNonNull(localPath, "localPath");
        this.memory = memory;
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        this.metadata = Map.copyOf(metadata);
        this.lastModified = Objects.requireNonNull(lastModified, "lastModified");
        this.etag = Objects.requireNonNull(etag, "etag");
        this.range = Objects.requireNonNull(range, "range");
        if (localPath.isPresent() && memory != null) {
            throw new IllegalArgumentException("an object is either in a file or in memory, not both");
        }
    }

    /** A result for an object that does not exist (only with {@link GetOptions#returnMissing()}). */
    public static S3Object missing(S3Url url, String key) {
        return new S3Object(url, key, false, 0, Optional.empty(), null, Optional.empty(), Map.of(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Metadata only, nothing downloaded (from HEAD). */
    public static S3Object info(S3Url url, String key, long size, Optional<String> contentType,
            Map<String, String> metadata, Optional<Instant> lastModified, Optional<String> etag) {
        return new S3Object(url, key, true, size, Optional.empty(), null, contentType, metadata, lastModified,
                etag, Optional.empty());
    }

    /** A downloaded object (or range of one) held in {@code file}. */
    public static S3Object inFile(S3Url url, String key, long size, Path file, Optional<String> contentType,
            Map<String, String> metadata, Optional<Instant> lastModified, Optional<String> etag,
            Optional<RangeInfo> range) {
        return new S3Object(url, key, true, size, Optional.of(file), null, contentType, metadata, lastModified,
                etag, range);
    }

    /** A downloaded object (or range of one) held in memory; {@code bytes} is not copied. */
    public static S3Object inMemory(S3Url url, String key, byte[] bytes, Optional<String> contentType,
            Map<String, String> metadata, Optional<Instant> lastModified, Optional<String> etag,
            Optional<RangeInfo> range) {
        return new S3Object(url, key, true, bytes.length, Optional.empty(), bytes, contentType, metadata,
                lastModified, etag, range);
    }

    public S3Url url() {
        return url;
    }

    public String bucket() {
        return url.bucket();
    }

    /** The key as the caller asked for it (relative to the session root when there is one). */
    public String key() {
        return key;
    }

    /** Whether the object exists; false only for results of calls with {@code returnMissing}. */
    public boolean exists() {
        return exists;
    }

    /** Whether bytes were fetched (false for info results and missing objects). */
    public boolean downloaded() {
        return localPath.isPresent() || memory != null;
    }

    /** Bytes held for a download (the range's length for a ranged get); the object's size for info. */
    public long size() {
        return size;
    }

    /** The local file holding the bytes, when downloaded to files. */
    public Optional<Path> localPath() {
        return localPath;
    }

    /**
     * The downloaded bytes, read from the local file or copied from memory.
     *
     * @throws TableloadException (USAGE) when nothing was downloaded
     */
    public byte[] bytes() {
        if (memory != null) {
            return memory.clone();
        }
        Path file = localPath.orElseThrow(() -> new TableloadException(ErrorCode.USAGE,
                url + " was not downloaded (exists=" + exists + "): there are no bytes to read"));
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TableloadException(ErrorCode.INTERNAL, "could not read the downloaded copy of " + url + " at "
                    + file + ": " + e.getMessage() + " (was the session closed?)", e);
        }
    }

    /** The downloaded bytes as UTF-8 text. */
    public String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    public Optional<String> contentType() {
        return contentType;
    }

    /** User metadata ({@code x-amz-meta-*} without the prefix, names lower-case). */
    public Map<String, String> metadata() {
        return metadata;
    }

    public Optional<Instant> lastModified() {
        return lastModified;
    }

    /** The ETag without quotes. */
    public Optional<String> etag() {
        return etag;
    }

    /** For ranged gets: which bytes of how large an object are held. */
    public Optional<RangeInfo> range() {
        return range;
    }

    @Override
    public String toString() {
        return "S3Object[" + url + (exists ? ", size=" + size : ", missing")
                + localPath.map(p -> ", file=" + p).orElse(memory != null ? ", in memory" : "") + "]";
    }
}
