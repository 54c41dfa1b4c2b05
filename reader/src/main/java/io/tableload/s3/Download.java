package io.tableload.s3;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One object to fetch in {@link S3Session#download}: from {@code source} to
 * {@code destination/relativePath}.
 *
 * @param source the object's full address
 * @param relativePath where to put it, relative to the destination directory; must stay inside
 *     it ({@code ..} segments that climb out, absolute paths and NUL characters are refused)
 * @param expectedSize the size when already known (from a listing), which saves a round trip
 *     and lets large objects be split at once; empty when unknown
 */
public record Download(S3Url source, String relativePath, OptionalLong expectedSize) {
    public Download {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(expectedSize, "expectedSize");
        if (expectedSize.isPresent() && expectedSize.getAsLong() < 0) {
            throw new IllegalArgumentException("expectedSize must be >= 0, was " + expectedSize.getAsLong());
        }
    }

    public static Download of(S3Url source, String relativePath, long expectedSize) {
        return new Download(source, relativePath, OptionalLong.of(expectedSize));
    }

    public static Download of(S3Url source, String relativePath) {
        return new Download(source, relativePath, OptionalLong.empty());
    }
}
