package io.tableload.s3;

/**
 * What part of an object a ranged result holds.
 *
 * @param totalSize the size of the whole object
 * @param offset the first byte held
 * @param length how many bytes are held
 */
public record RangeInfo(long totalSize, long offset, long length) {
    public RangeInfo {
        if (totalSize < 0 || offset < 0 || length < 0 || offset + length > totalSize) {
            throw new IllegalArgumentException("bad range info: " + offset + "+" + length + " of " + totalSize);
        }
    }
}
