package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
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

        assertReadBackAsWritten(file, written);
    }

    @ParameterizedTest
    @EnumSource(value = ForeignPageCompressors.class, names = {"HADOOP_LZ4", "BARE_LZ4"})
    void lz4PagesReadBackInHadoopsFramingAndBare(ForeignPageCompressors layout) throws IOException {
        List<GenericRecord> written = ParquetFiles.rows(ParquetFiles.V2, 0, 3000);
        Path file = dir.resolve("part.parquet");
        ParquetFiles.write(file, ParquetFiles.V2, written, layout.codec(), layout);

        assertReadBackAsWritten(file, written);
    }

    @Test
    void brotliPagesAsDuckDbWritesThemReadBack() throws Exception {
        Path file = dir.resolve("brotli.parquet");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement s = db.createStatement()) {
            s.execute("COPY (SELECT range AS id, 'name ' || range AS name FROM range(50000)) TO '" + file
                    + "' (FORMAT parquet, COMPRESSION brotli)");
        }

        List<GenericRecord> read = readAll(file);

        assertThat(read).hasSize(50_000);
        assertThat(read).extracting(r -> r.get("id")).doesNotHaveDuplicates().allMatch(id -> (Long) id < 50_000);
        assertThat(read).allSatisfy(r -> assertThat(r.get("name")).hasToString("name " + r.get("id")));
    }

    @Test
    void lzoPagesFailNamingTheCodecAndTheFile() throws IOException {
        Path file = dir.resolve("lzo.parquet");
        ParquetFiles.write(file, ParquetFiles.V1, ParquetFiles.rows(ParquetFiles.V1, 0, 10),
                ForeignPageCompressors.UNCOMPRESSED_AS_LZO.codec(), ForeignPageCompressors.UNCOMPRESSED_AS_LZO);

        assertThatThrownBy(() -> readAll(file))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("compressed with LZO, which records() cannot decompress");
    }

    @Test
    void aPageSpreadOverTwoBuffersDecompressesWhole() throws IOException {
        Map<CompressionCodecName, byte[]> pages = Map.of(CompressionCodecName.SNAPPY, Snappy.compress(PAGE),
                CompressionCodecName.ZSTD, Zstd.compress(PAGE),
                CompressionCodecName.LZ4, ForeignPageCompressors.HADOOP_LZ4.compress(PAGE));
        for (CompressionCodecName codec : pages.keySet()) {
            byte[] compressed = pages.get(codec);
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

        for (CompressionCodecName codec : List.of(CompressionCodecName.SNAPPY, CompressionCodecName.ZSTD,
                CompressionCodecName.LZ4, CompressionCodecName.BROTLI)) {
            assertThatThrownBy(() -> decompressor(codec).decompress(BytesInput.from(garbage), 100))
                    .as(codec.name()).isInstanceOf(IOException.class);
        }
    }

    private static void assertReadBackAsWritten(Path file, List<GenericRecord> written) {
        List<GenericRecord> read = readAll(file);

        assertThat(read).hasSize(written.size());
        for (int i = 0; i < written.size(); i++) {
            assertThat(read.get(i).toString()).isEqualTo(written.get(i).toString());
        }
    }

    private static List<GenericRecord> readAll(Path file) {
        return RecordFiles.readAll(RecordFiles.local(file), RowShape.allColumns(List.of()));
    }

    private static BytesInputDecompressor decompressor(CompressionCodecName codec) {
        return new ArrayCodecFactory().getDecompressor(codec);
    }
}
