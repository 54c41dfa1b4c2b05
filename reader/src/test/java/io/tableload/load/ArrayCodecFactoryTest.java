package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xerial.snappy.Snappy;

class ArrayCodecFactoryTest {
    private static final byte[] PAGE = ("a page of values that compresses, " + "0123456789".repeat(500))
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"UNCOMPRESSED", "SNAPPY", "ZSTD", "GZIP", "LZ4_RAW"})
    void rowsReadBackAsWrittenWhateverTheCodec(CompressionCodecName codec) throws IOException {
        List<GenericRecord> written = ParquetFiles.rows(ParquetFiles.V2, 0, 3000);
        Path file = dir.resolve("part.parquet");
        ParquetFiles.write(file, ParquetFiles.V2, written, codec);

        List<GenericRecord> read = new ArrayList<>();
        RowShape shape = RowShape.allColumns(List.of());
        try (ReadAheadRecords rows = new ReadAheadRecords(List.of(new LocalFile(file, Map.of(), Files.size(file))),
                shape, 1, true, s -> { })) {
            rows.forEachRemaining(read::add);
        }

        assertThat(read).hasSize(written.size());
        for (int i = 0; i < written.size(); i++) {
            assertThat(read.get(i).toString()).isEqualTo(written.get(i).toString());
        }
    }

    @Test
    void aPageSpreadOverTwoBuffersDecompressesWhole() throws IOException {
        for (CompressionCodecName codec : List.of(CompressionCodecName.SNAPPY, CompressionCodecName.ZSTD)) {
            byte[] compressed = codec == CompressionCodecName.SNAPPY ? Snappy.compress(PAGE) : Zstd.compress(PAGE);
            int half = compressed.length / 2;
            BytesInput twoBuffers = BytesInput.from(List.of(ByteBuffer.wrap(compressed, 0, half).slice(),
                    ByteBuffer.wrap(compressed, half, compressed.length - half).slice()));

            BytesInput page = decompressor(codec).decompress(twoBuffers, PAGE.length);

            assertThat(page.toByteArray()).as(codec.name()).isEqualTo(PAGE);
        }
    }

    @Test
    void aPageBetweenBuffersDecompressesIntoTheOutputAndMovesBoth() throws IOException {
        byte[] compressed = Zstd.compress(PAGE);
        ByteBuffer input = ByteBuffer.allocate(compressed.length + 10).put(compressed).put(new byte[10]).flip();
        ByteBuffer output = ByteBuffer.allocateDirect(PAGE.length);

        decompressor(CompressionCodecName.ZSTD).decompress(input, compressed.length, output, PAGE.length);

        assertThat(input.position()).isEqualTo(compressed.length);
        byte[] out = new byte[PAGE.length];
        output.flip().get(out);
        assertThat(out).isEqualTo(PAGE);
    }

    @Test
    void aPageShorterThanItsHeaderSaysFails() throws IOException {
        byte[] compressed = Zstd.compress(Arrays.copyOf(PAGE, 100));

        assertThatThrownBy(() -> decompressor(CompressionCodecName.ZSTD).decompress(BytesInput.from(compressed), 200))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("decompressed to 100 bytes where its header says 200");
    }

    @Test
    void damagedBytesFailAsAnIoError() {
        byte[] garbage = "this was never compressed".getBytes(StandardCharsets.UTF_8);

        for (CompressionCodecName codec : List.of(CompressionCodecName.SNAPPY, CompressionCodecName.ZSTD)) {
            assertThatThrownBy(() -> decompressor(codec).decompress(BytesInput.from(garbage), 100))
                    .as(codec.name()).isInstanceOf(IOException.class);
        }
    }

    private static BytesInputDecompressor decompressor(CompressionCodecName codec) {
        return new ArrayCodecFactory().getDecompressor(codec);
    }
}
