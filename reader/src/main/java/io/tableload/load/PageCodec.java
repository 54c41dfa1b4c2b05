package io.tableload.load;

import com.github.luben.zstd.Zstd;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Decompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.brotli.dec.BrotliInputStream;
import org.xerial.snappy.Snappy;

/**
 * The page compressions {@link ArrayCodecFactory} decompresses itself, from one Java array into
 * another, and LZO, which it refuses. Each returns the number of bytes it wrote, which the caller
 * checks against the page header; a damaged page is an {@link IOException}, whatever the library
 * reports it with.
 */
enum PageCodec {
    SNAPPY {
        @Override
        int decompress(byte[] in, int inOffset, int inLength, byte[] out, int outLength) throws IOException {
            return Snappy.uncompress(in, inOffset, inLength, out, 0);
        }
    },
    ZSTD {
        @Override
        int decompress(byte[] in, int inOffset, int inLength, byte[] out, int outLength) throws IOException {
            long n;
            try {
                n = Zstd.decompressByteArray(out, 0, outLength, in, inOffset, inLength);
            } catch (RuntimeException e) { // zstd-jni reports a damaged frame unchecked
                throw damaged("Zstandard", e);
            }
            if (Zstd.isError(n)) {
                throw new IOException("cannot decompress a Zstandard page: " + Zstd.getErrorName(n));
            }
            return (int) n;
        }
    },
    /**
     * Parquet's deprecated {@code LZ4}: LZ4 blocks in Hadoop's framing, as parquet-mr with Hadoop's
     * codec wrote them. Arrow before 1.0 wrote bare LZ4 blocks under the same name, so a page whose
     * framing does not add up is read as one bare block, as Arrow's own reader does.
     */
    LZ4 {
        @Override
        int decompress(byte[] in, int inOffset, int inLength, byte[] out, int outLength) throws IOException {
            int framed = hadoopFramedLz4(in, inOffset, inLength, out, outLength);
            if (framed >= 0) {
                return framed;
            }
            try {
                return new Lz4Decompressor().decompress(in, inOffset, inLength, out, 0, outLength);
            } catch (MalformedInputException e) {
                throw damaged("LZ4", e);
            }
        }
    },
    /** Brotli, which pyarrow writes on request; Hadoop has no codec of its own for it. */
    BROTLI {
        @Override
        int decompress(byte[] in, int inOffset, int inLength, byte[] out, int outLength) throws IOException {
            try (InputStream brotli = new BrotliInputStream(new ByteArrayInputStream(in, inOffset, inLength))) {
                int n = brotli.readNBytes(out, 0, outLength);
                if (n == outLength && brotli.read() >= 0) {
                    throw new IOException("a Brotli page decompressed to more than the " + outLength
                            + " bytes its header says");
                }
                return n;
            } catch (RuntimeException e) { // the decoder reports a damaged stream unchecked
                throw damaged("Brotli", e);
            }
        }
    },
    /** LZO, whose only Java codec wraps a GPL native library: refused, naming it, at the first page. */
    LZO {
        @Override
        int decompress(byte[] in, int inOffset, int inLength, byte[] out, int outLength) throws IOException {
            throw new IOException("its pages are compressed with LZO, which records() cannot decompress"
                    + " (it reads Snappy, gzip, Zstandard, LZ4, LZ4_RAW and Brotli): rewrite the table with one of those");
        }
    };

    /** Decompresses {@code inLength} bytes of {@code in} into {@code out} from its start. */
    abstract int decompress(byte[] in, int inOffset, int inLength, byte[] out, int outLength) throws IOException;

    private static IOException damaged(String codec, Exception e) {
        return new IOException("cannot decompress a " + codec + " page: " + e.getMessage(), e);
    }

    /**
     * Hadoop's block framing: each block is its uncompressed length (4 bytes, big-endian), then
     * chunks of a compressed length and that many bytes until the block is whole.
     *
     * @return the bytes written, or -1 when the page is not laid out so
     */
    private static int hadoopFramedLz4(byte[] in, int offset, int length, byte[] out, int outLength) {
        Lz4Decompressor lz4 = new Lz4Decompressor();
        int at = offset;
        int end = offset + length;
        int written = 0;
        while (at < end) {
            if (end - at < 4) {
                return -1;
            }
            int blockSize = bigEndianInt(in, at);
            at += 4;
            if (blockSize < 0 || blockSize > outLength - written) {
                return -1;
            }
            for (int produced = 0; produced < blockSize; ) {
                if (end - at < 4) {
                    return -1;
                }
                int chunk = bigEndianInt(in, at);
                at += 4;
                if (chunk <= 0 || chunk > end - at) {
                    return -1;
                }
                int n;
                try {
                    n = lz4.decompress(in, at, chunk, out, written + produced, blockSize - produced);
                } catch (MalformedInputException e) {
                    return -1;
                }
                if (n <= 0) {
                    return -1;
                }
                produced += n;
                at += chunk;
            }
            written += blockSize;
        }
        return written;
    }

    private static int bigEndianInt(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | bytes[at + 3] & 0xff;
    }
}
