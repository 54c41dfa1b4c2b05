package io.tableload.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Decompresses Snappy, Zstandard, LZ4 and Brotli pages from one Java array into another
 * ({@link PageCodec}); gzip and LZ4_RAW go to parquet-mr's own factory, and LZO, which needs a
 * GPL native library, is refused by name. parquet-mr's codecs go through Hadoop's stream
 * interfaces: each page is copied byte by byte into the codec's direct buffer, decompressed, then
 * copied out again into a new array, which took about a sixth of the CPU of streaming a table's
 * rows; and it has no Brotli codec, nor an LZ4 one without the lz4-java library. Pages stay on the
 * heap, so a page is freed as soon as its values are read, as before.
 */
final class ArrayCodecFactory implements CompressionCodecFactory {
    private final CodecFactory others = new CodecFactory(new PlainParquetConfiguration(), 0);

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
        return others.getCompressor(codecName); // only reading here; kept whole for the interface
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
        return switch (codecName) {
            case SNAPPY -> new ArrayDecompressor(PageCodec.SNAPPY);
            case ZSTD -> new ArrayDecompressor(PageCodec.ZSTD);
            case LZ4 -> new ArrayDecompressor(PageCodec.LZ4);
            case BROTLI -> new ArrayDecompressor(PageCodec.BROTLI);
            case LZO -> new ArrayDecompressor(PageCodec.LZO);
            default -> others.getDecompressor(codecName);
        };
    }

    @Override
    public void release() {
        others.release();
    }

    private static final class ArrayDecompressor implements BytesInputDecompressor {
        private final PageCodec codec;

        ArrayDecompressor(PageCodec codec) {
            this.codec = codec;
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
            // The row group's array itself when the page lies in one; else one copy into a new one
            // (a page across two of the row group's buffers), where toByteBuffer() copies thrice.
            ByteBuffer in = bytes.toByteBuffer(HeapByteBufferAllocator.getInstance(), unused -> { });
            byte[] out = new byte[decompressedSize];
            check(codec.decompress(in.array(), in.arrayOffset() + in.position(), in.remaining(), out,
                    decompressedSize), decompressedSize);
            return BytesInput.from(out);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.duplicate().get(in);
            byte[] out = new byte[decompressedSize];
            check(codec.decompress(in, 0, compressedSize, out, decompressedSize), decompressedSize);
            input.position(input.position() + compressedSize);
            output.put(out);
        }

        private static void check(int size, int expected) throws IOException {
            if (size != expected) {
                throw new IOException("a page decompressed to " + size + " bytes where its header says " + expected);
            }
        }

        @Override
        public void release() {
            // nothing held: each page gets its own array
        }
    }
}
