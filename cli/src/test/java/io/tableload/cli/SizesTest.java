package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void oneDecimalWritesWhatFormatWrites() {
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            double value = switch (random.nextInt(3)) {
                case 0 -> random.nextInt(20_480) / 100.0; // ties such as 1.15 among them
                case 1 -> random.nextInt(2048) / 10.0;
                default -> random.nextDouble() * 5000;
            };
            assertThat(Sizes.oneDecimal(value)).as("%s", value).isEqualTo(String.format(Locale.ROOT, "%.1f", value));
        }
    }

    @Test
    void sizesTakeTheLargestUnitBelow1024() {
        assertThat(Sizes.bytes(512)).isEqualTo("512 B");
        assertThat(Sizes.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Sizes.bytes(33_762_000)).isEqualTo("32.2 MiB");
        assertThat(Sizes.bytes(1L << 40)).isEqualTo("1.0 TiB");
    }

    @Test
    void ratesAreInDecimalMegabytesPerSecond() {
        assertThat(Sizes.rate(1_076_013_032, 1.537)).isEqualTo("700.1 MB/s");
        assertThat(Sizes.rate(1, 0)).isEmpty();
    }
}
