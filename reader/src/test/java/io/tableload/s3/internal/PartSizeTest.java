package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartSizeTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void twoCoresSplitIntoEightStreamsAndManyCoresStopAtTheRequestLimit() {
        assertThat(Fetcher.streamsToSplitFor(32, 2)).isEqualTo(8);
        assertThat(Fetcher.streamsToSplitFor(32, 64)).isEqualTo(32);
        assertThat(Fetcher.streamsToSplitFor(1, 2)).isEqualTo(1);
    }

    @Test
    void aSingleLargeObjectIsSplitOncePerStream() {
        long size = 2048 * MIB;

        long part = Fetcher.partSizeFor(size, 8 * MIB, 8);

        assertThat(part).isEqualTo(256 * MIB);
        assertThat((size + part - 1) / part).isEqualTo(8);
    }

    @Test
    void asManyLargeObjectsAsStreamsAreFetchedWhole() {
        long object = 134_525_676;

        assertThat(Fetcher.partSizeFor(8 * object, 8 * MIB, 8)).isGreaterThanOrEqualTo(object);
    }

    @Test
    void aSmallBatchKeepsTheConfiguredPartSize() {
        assertThat(Fetcher.partSizeFor(20 * MIB, 8 * MIB, 8)).isEqualTo(8 * MIB);
    }

    @Test
    void noPartIsLargerThanS3Allows() {
        assertThat(Fetcher.partSizeFor(1024L * 1024 * MIB, 8 * MIB, 8)).isEqualTo(5L * 1024 * MIB);
    }
}
