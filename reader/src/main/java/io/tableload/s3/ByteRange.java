package io.tableload.s3;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;

/**
 * A byte range of an object to fetch.
 *
 * @param offset the first byte (0-based); must be 0 when {@code length} is negative
 * @param length how many bytes from {@code offset}; a negative value {@code -n} means the last
 *     {@code n} bytes of the object; 0 is not allowed
 */
public record ByteRange(long offset, long length) {
    public ByteRange {
        if (offset < 0) {
            throw new TableloadException(ErrorCode.USAGE, "a range offset must be >= 0, was " + offset);
        }
        if (length == 0) {
            throw new TableloadException(ErrorCode.USAGE, "a range must not be empty (length 0)");
        }
        if (length < 0 && offset != 0) {
            throw new TableloadException(ErrorCode.USAGE,
                    "a suffix range (negative length " + length + ") takes no offset, was " + offset);
        }
    }

    /** {@code length} bytes from {@code offset}. */
    public static ByteRange of(long offset, long length) {
        return new ByteRange(offset, length);
    }

    /** The last {@code n} bytes. */
    public static ByteRange last(long n) {
        if (n <= 0) {
            throw new TableloadException(ErrorCode.USAGE, "the number of last bytes must be positive, was " + n);
        }
        return new ByteRange(0, -n);
    }

    /** Whether this is a suffix range (the last N bytes). */
    public boolean isSuffix() {
        return length < 0;
    }

    /** The HTTP {@code Range} header value. */
    public String header() {
        return isSuffix() ? "bytes=" + length : "bytes=" + offset + "-" + (offset + length - 1);
    }
}
