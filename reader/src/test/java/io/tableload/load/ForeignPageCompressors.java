package io.tableload.load;

import io.airlift.compress.lz4.Lz4Compressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Compresses pages as writers this build has no codec for lay them out, so that tests can write
 * such files with parquet-mr: LZ4 in Hadoop's block framing (parquet-mr with Hadoop's codec), bare
 * LZ4 blocks under the same name (Arrow before 1.0), or pages left as they are under a codec's name
 * (for a codec nothing here can write, such as LZO).
 */
enum ForeignPageCompressors implements CompressionCodecFactory {
    /** Hadoop's framing, with blocks of 4 KiB each compressed in two chunks, as Hadoop may split them. */
    HADOOP_LZ4(CompressionCodecName.LZ4) {
        @Override
        byte[] compress(byte[] page) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int block = 0; block < page.length; block += 4096) {
                int blockEnd = Math.min(page.length, block + 4096);
                writeInt(out, blockEnd - block);
                int middle = block + (blockEnd - block) / 2;
                for (int[] chunk : new int[][] {{block, middle}, {middle, blockEnd}}) {
                    if (chunk[1] > chunk[0]) {
                        byte[] compressed = bareLz4(Arrays.copyOfRange(page, chunk[0], chunk[1]));
                        writeInt(out, compressed.length);
                        out.writeBytes(compressed);
                    }
                }
            }
            return out.toByteArray();
        }
    },
    BARE_LZ4(CompressionCodecName.LZ4) {
        @Override
        byte[] compress(byte[] page) {
            return bareLz4(page);
        }
    },
    UNCOMPRESSED_AS_LZO(CompressionCodecName.LZO) {
        @Override
        byte[] compress(byte[] page) {
            return page;
        }
    };

    private final CompressionCodecName codec;

    ForeignPageCompressors(CompressionCodecName codec) {
        this.codec = codec;
    }

    /** The codec name files written with this compressor carry. */
    CompressionCodecName codec() {
        return codec;
    }

    abstract byte[] compress(byte[] page);

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return BytesInput.from(ForeignPageCompressors.this.compress(bytes.toByteArray()));
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
        throw new UnsupportedOperationException("writing only");
    }

    @Override
    public void release() {
    }

    static byte[] bareLz4(byte[] bytes) {
        Lz4Compressor lz4 = new Lz4Compressor();
        byte[] out = new byte[lz4.maxCompressedLength(bytes.length)];
        int n = lz4.compress(bytes, 0, bytes.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value).array());
    }
}
