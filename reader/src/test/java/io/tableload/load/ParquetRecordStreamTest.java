package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetRecordStreamTest {
    private static final RowShape DAY = RowShape.allColumns(List.of(new PartitionColumn("day", "int")));

    @TempDir
    Path dir;

    @Test
    void aFileThatIsNotParquetFailsNamingItAfterTheRowsBeforeIt() throws IOException {
        Path good = dir.resolve("day=1.parquet");
        ParquetFiles.write(good, ParquetFiles.V1, ParquetFiles.rows(ParquetFiles.V1, 0, 100), CompressionCodecName.SNAPPY);
        Path broken = dir.resolve("broken.parquet");
        Files.writeString(broken, "not parquet");
        List<LocalFile> files = List.of(new LocalFile(good, Map.of("day", "1"), Files.size(good)),
                new LocalFile(broken, Map.of("day", "2"), Files.size(broken)));

        try (ReadAheadRecords rows = new ReadAheadRecords(files, DAY, 1, true, s -> { })) {
            for (int i = 0; i < 100; i++) {
                assertThat(rows.next().get("day")).isEqualTo(1);
            }
            assertThatThrownBy(rows::hasNext).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(broken.toString()).hasMessageContaining("not a Parquet file")
                    .message().doesNotContain("LocalInputFile@");
        }
    }
}
