package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signal's shutdown cleanup may delete a tree that another thread is deleting at that moment
 * (the previous load of a destination): both must finish without an error, and nothing may stay.
 */
class ConcurrentDeletionTest {

    @RepeatedTest(5)
    void twoThreadsDeletingOneTreeAtOnceBothSucceedAndLeaveNothing(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("previous");
        for (int d = 0; d < 40; d++) {
            Path dir = Files.createDirectories(root.resolve("k=" + d).resolve("dt=2024-01-01"));
            for (int f = 0; f < 25; f++) {
                Files.writeString(dir.resolve("part-" + f + ".parquet"), "x");
            }
        }
        CyclicBarrier start = new CyclicBarrier(2);

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> deleteAfter(start, root));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> deleteAfter(start, root));

        first.get();
        second.get();
        assertThat(root).doesNotExist();
    }

    private static void deleteAfter(CyclicBarrier start, Path root) {
        try {
            start.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        LocalFiles.deleteRecursively(root);
    }

    @RepeatedTest(1)
    void aTreeThatIsAlreadyGoneIsNoError(@TempDir Path tmp) throws IOException {
        LocalFiles.deleteRecursively(tmp.resolve("never-made"));
        assertThat(tmp.resolve("never-made")).doesNotExist();
    }
}
