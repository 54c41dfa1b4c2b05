package io.tableload.load;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;

/**
 * A local Parquet file's footer, read with Parquet's own Thrift structures alone (no Hadoop set-up):
 * its metadata, and where in the file it starts.
 *
 * @param metadata the file's metadata: schema, row groups, key-value metadata
 * @param start where the footer starts, after the last data page
 * @param length its length in bytes
 */
record ParquetFooter(FileMetaData metadata, long start, int length) {
    /** The magic bytes that start and end a Parquet file whose footer is not encrypted. */
    static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    /**
     * Reads the footer of the file open on {@code channel}; empty for a file whose footer is
     * encrypted ({@code PARE}).
     *
     * @throws IOException when the file is no Parquet file, or cut short
     */
    static Optional<ParquetFooter> read(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 12) {
            throw new IOException("it is " + size + " bytes long, too short for a Parquet file");
        }
        ByteBuffer tail = read(channel, size - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
        if (tail.slice(4, 4).equals(ByteBuffer.wrap("PARE".getBytes(StandardCharsets.US_ASCII)))) {
            return Optional.empty();
        }
        int length = tail.getInt(0);
        long start = size - 8 - length;
        if (!tail.slice(4, 4).equals(ByteBuffer.wrap(MAGIC)) || length <= 0 || start < MAGIC.length) {
            throw new IOException("it does not end as a Parquet file does");
        }
        FileMetaData metadata = Util.readFileMetaData(new ByteArrayInputStream(read(channel, start, length).array()));
        return Optional.of(new ParquetFooter(metadata, start, length));
    }

    /** The index of the schema element after the one at {@code index} and all its descendants. */
    static int afterSubtree(List<SchemaElement> schema, int index) {
        int next = index + 1;
        int children = schema.get(index).isSetNum_children() ? schema.get(index).getNum_children() : 0;
        for (int c = 0; c < children; c++) {
            next = afterSubtree(schema, next);
        }
        return next;
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("it ends before its footer does");
            }
        }
        return buffer.flip();
    }
}
