package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads Iceberg's deletion vectors (format 3; blob type {@code deletion-vector-v1} in a Puffin
 * file): the length of what follows but the checksum (4 bytes, big-endian), the magic bytes
 * {@code D1 D3 39 64}, the deleted positions as a 64-bit Roaring bitmap in its portable form, and
 * a CRC-32 of the magic bytes and the bitmap (4 bytes, big-endian).
 */
final class DeletionVectors {
    private static final int MAGIC = 0xD1D33964;

    private DeletionVectors() {
    }

    /**
     * The deleted positions, in ascending order.
     *
     * @param where the vector, as messages name it
     * @throws TableloadException {@code USAGE} when the blob is not a deletion vector or fails its checksum
     */
    static long[] positions(byte[] blob, String where) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(blob);
            int length = buffer.getInt();
            if (length < 4 || blob.length != length + 8) {
                throw unreadable(where, "it is " + blob.length + " bytes, where its length field says " + length
                        + " and 8 more");
            }
            if (buffer.getInt() != MAGIC) {
                throw unreadable(where, "it does not start with a deletion vector's magic bytes");
            }
            CRC32 crc = new CRC32();
            crc.update(blob, 4, length);
            if ((int) crc.getValue() != ByteBuffer.wrap(blob, 4 + length, 4).getInt()) {
                throw unreadable(where, "its checksum does not match: the blob is damaged");
            }
            return bitmap(ByteBuffer.wrap(blob, 8, length - 4).slice().order(ByteOrder.LITTLE_ENDIAN), where);
        } catch (BufferUnderflowException | IOException | IllegalArgumentException e) {
            throw unreadable(where, e.toString());
        }
    }

    /** A 64-bit Roaring bitmap: a count, then per 32-bit bitmap its key (the high 32 bits) and itself. */
    private static long[] bitmap(ByteBuffer buffer, String where) throws IOException {
        long count = buffer.getLong();
        if (count < 0 || count > Integer.MAX_VALUE) {
            throw unreadable(where, "it says it holds " + count + " bitmaps");
        }
        RoaringBitmap[] bitmaps = new RoaringBitmap[(int) count];
        long[] keys = new long[bitmaps.length];
        long positions = 0;
        for (int i = 0; i < bitmaps.length; i++) {
            keys[i] = Integer.toUnsignedLong(buffer.getInt());
            bitmaps[i] = new RoaringBitmap();
            bitmaps[i].deserialize(buffer); // reads from the buffer's position without moving it
            buffer.position(buffer.position() + bitmaps[i].serializedSizeInBytes());
            positions += bitmaps[i].getLongCardinality();
        }
        long[] deleted = new long[Math.toIntExact(positions)];
        int n = 0;
        for (int i = 0; i < bitmaps.length; i++) {
            for (PeekableIntIterator it = bitmaps[i].getIntIterator(); it.hasNext(); ) {
                deleted[n++] = keys[i] << 32 | Integer.toUnsignedLong(it.next());
            }
        }
        return deleted;
    }

    private static TableloadException unreadable(String where, String why) {
        return new TableloadException(ErrorCode.USAGE, "cannot read the deletion vector " + where + ": " + why);
    }
}
