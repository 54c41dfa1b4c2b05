package io.tableload.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SalesGeneratorTest {
    @TempDir Path dir;

    @Test
    void writesOnePartitionPerCountryAndDayAboutTheRequestedSize() {
        List<SalesGenerator.GeneratedPartition> partitions =
                new SalesGenerator(7, LocalDate.of(2024, 1, 1), 2).write(dir.resolve("a"), 4L << 20);

        assertThat(partitions).hasSize(SalesGenerator.COUNTRIES.size() * 2);
        assertThat(partitions.get(0).path()).isEqualTo("country=US/dt=2024-01-01");
        assertThat(partitions.get(0).rows()).isGreaterThan(partitions.get(partitions.size() - 1).rows() * 10);
        long bytes = size(dir.resolve("a"));
        assertThat(bytes).isBetween(2L << 20, 8L << 20);
    }

    @Test
    void theSameSeedWritesTheSameBytes() {
        SalesGenerator generator = new SalesGenerator(42, LocalDate.of(2024, 3, 1), 1);
        generator.write(dir.resolve("x"), 256L << 10);
        generator.write(dir.resolve("y"), 256L << 10);

        Path fx = dir.resolve("x/country=FI/dt=2024-03-01/part-00000.parquet");
        Path fy = dir.resolve("y/country=FI/dt=2024-03-01/part-00000.parquet");
        assertThat(fx).hasSameBinaryContentAs(fy);
    }

    private static long size(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
