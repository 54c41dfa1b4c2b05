package io.tableload.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one blocking call per item, the calls at once, and gives their results in item order.
 *
 * <p>A command given several URLs lists each with its own call, to know which entries came from
 * which URL. One after another, each would wait out its listing's round trips; against S3 that is
 * tens of milliseconds a page, so a command naming 30 partitions would spend a second or more
 * before its first download.
 */
final class EachAtOnce {
    /** More calls at once than this only queue at the S3 session's own connections. */
    static final int MAX_THREADS = 16;

    private EachAtOnce() {
    }

    /**
     * {@code call} applied to every item. If calls fail, the first item's failure in item order is
     * thrown, as the call threw it.
     */
    static <T, R> List<R> map(List<T> items, Function<T, R> call) {
        if (items.size() < 2) {
            List<R> results = new ArrayList<>(items.size());
            items.forEach(item -> results.add(call.apply(item)));
            return results;
        }
        AtomicInteger made = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(items.size(), MAX_THREADS), work -> {
            Thread thread = new Thread(work, "tableload-each-" + made.incrementAndGet());
            thread.setDaemon(true); // never what keeps a failed command's JVM alive
            return thread;
        });
        try {
            List<CompletableFuture<R>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(CompletableFuture.supplyAsync(() -> call.apply(item), threads));
            }
            List<R> results = new ArrayList<>(items.size());
            for (CompletableFuture<R> future : futures) {
                results.add(joined(future));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    private static <R> R joined(CompletableFuture<R> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
