package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadAheadRecordsTest {
    private static final RowShape DAY = RowShape.allColumns(List.of(new PartitionColumn("day", "int")));
    private static final int[] ROWS_PER_FILE = {700, 50, 1200, 1, 300, 900, 20};

    @TempDir
    Path dir;
    private List<LocalFile> files;
    private List<Long> idsInPlanOrder;

    @BeforeEach
    void writeFilesOfDifferentLengths() throws IOException {
        files = new ArrayList<>();
        idsInPlanOrder = new ArrayList<>();
        long id = 0;
        for (int f = 0; f < ROWS_PER_FILE.length; f++) {
            files.add(write("day=" + f + ".parquet", f, id, ROWS_PER_FILE[f]));
            for (int i = 0; i < ROWS_PER_FILE[f]; i++) {
                idsInPlanOrder.add(id++);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8})
    void rowsComeInPlanOrderWithTheirFilesPartitionValuesWhateverTheThreads(int threads) {
        List<Long> ids = new ArrayList<>();
        List<Object> days = new ArrayList<>();
        try (ReadAheadRecords rows = new ReadAheadRecords(files, DAY, threads, true, s -> { })) {
            rows.forEachRemaining(r -> {
                ids.add((Long) r.get("id"));
                days.add(r.get("day"));
            });
        }

        assertThat(ids).isEqualTo(idsInPlanOrder);
        List<Object> expectedDays = new ArrayList<>();
        for (int f = 0; f < ROWS_PER_FILE.length; f++) {
            for (int i = 0; i < ROWS_PER_FILE[f]; i++) {
                expectedDays.add(f);
            }
        }
        assertThat(days).isEqualTo(expectedDays);
        assertThat(decoderThreads()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void inAnyOrderEveryRowComesOnceWithEachFilesRowsInOrder(int threads) {
        Map<Object, List<Long>> idsByDay = new java.util.TreeMap<>();
        try (ReadAheadRecords rows = new ReadAheadRecords(files, DAY, threads, false, s -> { })) {
            rows.forEachRemaining(r -> idsByDay.computeIfAbsent(r.get("day"), d -> new ArrayList<>()).add((Long) r.get("id")));
        }

        List<Long> all = new ArrayList<>();
        idsByDay.values().forEach(all::addAll);
        assertThat(all).as("files by day, each in its own order").isEqualTo(idsInPlanOrder);
        assertThat(decoderThreads()).isZero();
    }

    @Test
    void inAnyOrderADamagedFileStillFailsNamingIt() throws IOException {
        Path broken = dir.resolve("broken.parquet");
        Files.writeString(broken, "not parquet");
        List<LocalFile> withDamage = List.of(files.get(0), new LocalFile(broken, Map.of("day", "9"), Files.size(broken)));

        try (ReadAheadRecords rows = new ReadAheadRecords(withDamage, DAY, 2, false, s -> { })) {
            assertThatThrownBy(() -> rows.forEachRemaining(r -> { })).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(broken.toString());
        }
        assertThat(decoderThreads()).isZero();
    }

    @Test
    void aDamagedFileFailsWhenReachedAfterEveryRowBeforeItAndStopsTheDecoders() throws IOException {
        Path broken = dir.resolve("broken.parquet");
        Files.writeString(broken, "not parquet");
        List<LocalFile> withDamage = List.of(files.get(0), new LocalFile(broken, Map.of("day", "9"), Files.size(broken)),
                files.get(2));

        try (ReadAheadRecords rows = new ReadAheadRecords(withDamage, DAY, 3, true, s -> { })) {
            for (int i = 0; i < ROWS_PER_FILE[0]; i++) {
                assertThat(rows.next().get("day")).isEqualTo(0);
            }
            assertThatThrownBy(rows::hasNext).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(broken.toString()).hasMessageContaining("not a Parquet file");
            assertThatThrownBy(rows::hasNext).as("the failure stays").isInstanceOf(UncheckedIOException.class);
            assertThat(decoderThreads()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void closingEarlyStopsDecodersWaitingWithFullQueuesAndTellsTheOwnerOnce(boolean planOrder) throws IOException {
        // More rows than a queue holds (5 batches of 1,024), so its decoder is left waiting for room.
        List<LocalFile> longFiles = List.of(write("long-0.parquet", 0, 0, 20_000), write("long-1.parquet", 1, 20_000, 20_000));
        AtomicInteger told = new AtomicInteger();
        ReadAheadRecords rows = new ReadAheadRecords(longFiles, DAY, 4, planOrder, s -> told.incrementAndGet());
        assertThat(rows.next().get("id")).isIn(0L, 20_000L);
        assertThat(decoderThreads()).isEqualTo(2);

        rows.close();
        rows.close();

        assertThat(decoderThreads()).isZero();
        assertThat(told).hasValue(1);
        assertThat(rows.hasNext()).isFalse();
    }

    @Test
    void inPlanOrderLargeFilesAheadWaitForTheCallerToReachThem() {
        // Sizes as a plan gives them: beyond the look-ahead, so only the file being read decodes.
        List<LocalFile> large = files.subList(0, 3).stream()
                .map(f -> new LocalFile(f.path(), f.partitionValues(), ReadAheadRecords.LOOKAHEAD_BYTES + 1))
                .toList();
        List<Long> ids = new ArrayList<>();
        try (ReadAheadRecords rows = new ReadAheadRecords(large, DAY, 3, true, s -> { })) {
            ids.add((Long) rows.next().get("id"));
            assertThat(decoderThreads()).as("threads started").isEqualTo(1);
            rows.forEachRemaining(r -> ids.add((Long) r.get("id")));
        }

        assertThat(ids).isEqualTo(idsInPlanOrder.subList(0, ROWS_PER_FILE[0] + ROWS_PER_FILE[1] + ROWS_PER_FILE[2]));
    }

    @Test
    void closingFromAnotherThreadReleasesACallerWaitingForAFileStillBeingDecoded() throws Exception {
        // Opening a named pipe for reading blocks until a writer opens it: a decoder that hangs.
        Path pipe = dir.resolve("pipe.parquet");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        ReadAheadRecords rows = new ReadAheadRecords(List.of(new LocalFile(pipe, Map.of("day", "1"), 0)), DAY, 1, true,
                s -> { });
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(rows::hasNext);
        Thread.sleep(200);
        assertThat(waiting).as("the caller waits for the pipe's rows").isNotDone();

        Thread closer = new Thread(rows::close);
        closer.start();
        // Once close waits for the decoder, it has marked the stream closed: only then is the decoder let go.
        while (closer.isAlive() && closer.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(5);
        }
        // Opening the pipe read-write never blocks and lets each blocked open by the decoder return.
        for (long until = System.nanoTime() + 5_000_000_000L; closer.isAlive() && System.nanoTime() < until; ) {
            new java.io.RandomAccessFile(pipe.toFile(), "rw").close();
            Thread.sleep(20);
        }
        closer.join(5_000);

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(closer.isAlive()).isFalse();
        assertThat(decoderThreads()).isZero();
    }

    @Test
    void noFilesMeansNoRows() {
        try (ReadAheadRecords rows = new ReadAheadRecords(List.of(), DAY, 2, true, s -> { })) {
            assertThat(rows.hasNext()).isFalse();
        }
        assertThat(decoderThreads()).isZero();
    }

    @Test
    void aBatchOfSmallRowsIsFullAtItsRowLimit() {
        RowBatch batch = new RowBatch(ReadAheadRecords.BATCH_BYTES);
        GenericRecord small = ParquetFiles.rows(ParquetFiles.V1, 1, 1).get(0);
        int added = 1;
        while (!batch.add(small)) {
            added++;
        }

        assertThat(added).isEqualTo(RowBatch.MAX_ROWS);
        assertThat(batch.take()).hasSize(RowBatch.MAX_ROWS);
        assertThat(batch.isEmpty()).isTrue();
    }

    @Test
    void aBatchIsFullOnceItsRowsHoldItsShareOfTheQueueEvenAfterATinyFirstRow() {
        RowBatch batch = new RowBatch(ReadAheadRecords.BATCH_BYTES);
        List<GenericRecord> rows = ParquetFiles.rows(ParquetFiles.V1, 1, 4);
        rows.get(0).put("discount", "");
        for (GenericRecord wide : rows.subList(1, 4)) {
            wide.put("discount", "x".repeat(1 << 20));
        }

        assertThat(batch.add(rows.get(0))).isFalse();
        assertThat(batch.add(rows.get(1))).isFalse();
        assertThat(batch.add(rows.get(2))).isTrue(); // 2 MiB of text: the share of a 4-batch, 8 MiB queue
        assertThat(batch.take()).containsExactlyElementsOf(rows.subList(0, 3));
    }

    @Test
    void rowSizesCountTextBytesAndNestedValues() {
        org.apache.avro.generic.GenericRecord row = ParquetFiles.rows(ParquetFiles.V1, 1, 1).get(0);
        // id, amount (decimal as BigDecimal), at: 8 each; discount "D1": 2; tags ["t1", "u1"]: 4.
        assertThat(RowSize.approximateBytes(row)).isEqualTo(8 + 8 + 8 + 2 + 4);
        assertThat(RowSize.approximateBytes(java.nio.ByteBuffer.allocate(300))).isEqualTo(300);
        assertThat(RowSize.approximateBytes(Map.of("key", new byte[100]))).isEqualTo(103);
        assertThat(RowSize.approximateBytes(new org.apache.avro.util.Utf8("café"))).isEqualTo(5); // bytes, as decoded
        assertThat(RowSize.approximateBytes(List.of(new java.math.BigDecimal("1.5"), java.time.Instant.EPOCH))).isEqualTo(16);
    }

    @Test
    void defaultThreadsAreOnePerCoreAtMostEightAndNoMoreThanTheHeapHoldsRowGroupsFor() {
        List<LocalFile> eightLarge = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            eightLarge.add(new LocalFile(dir.resolve("f" + i), Map.of(), 128L << 20));
        }
        long gib = 1L << 30;

        assertThat(ReadAheadRecords.defaultThreads(eightLarge, 2, 6 * gib)).isEqualTo(2);
        assertThat(ReadAheadRecords.defaultThreads(eightLarge, 64, 64 * gib)).isEqualTo(8);
        assertThat(ReadAheadRecords.defaultThreads(eightLarge, 16, gib)).as("a quarter of 1 GiB holds two").isEqualTo(2);
        assertThat(ReadAheadRecords.defaultThreads(eightLarge, 16, 256L << 20)).isEqualTo(1);
        assertThat(ReadAheadRecords.defaultThreads(eightLarge.subList(0, 1), 16, 64 * gib)).isEqualTo(1);
        assertThat(ReadAheadRecords.defaultThreads(List.of(), 4, gib)).isEqualTo(1);
    }

    private LocalFile write(String name, int day, long firstId, int rows) throws IOException {
        Path file = dir.resolve(name);
        ParquetFiles.write(file, ParquetFiles.V1, ParquetFiles.rows(ParquetFiles.V1, firstId, rows),
                CompressionCodecName.SNAPPY);
        return new LocalFile(file, Map.of("day", String.valueOf(day)), Files.size(file));
    }

    private static long decoderThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("tableload-records-"))
                .count();
    }
}
