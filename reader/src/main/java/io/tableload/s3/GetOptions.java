package io.tableload.s3;

/**
 * How a get, info or batch call treats missing objects.
 *
 * @param returnMissing when false (the default) a missing object is an {@link S3NotFoundException}
 *     naming its URL; when true it is a result whose {@link S3Object#exists()} is false
 */
public record GetOptions(boolean returnMissing) {
    public static GetOptions defaults() {
        return new GetOptions(false);
    }

    public static GetOptions returningMissing() {
        return new GetOptions(true);
    }
}
