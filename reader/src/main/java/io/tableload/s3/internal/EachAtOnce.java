package io.tableload.s3.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one blocking call per item, the calls at once, and gives their results in item order.
 *
 * <p>For listings made one per prefix, to know which entries came from which prefix: a partition's
 * files, or each URL a command was given. One after another, each would wait out its round trips;
 * against S3 that is tens of milliseconds a page, so 30 prefixes would take a second or more
 * before the first download.
 */
public final class EachAtOnce {
    private EachAtOnce() {
    }

    /**
     * {@code call} applied to every item, on up to {@code maxThreads} threads of its own named
     * {@code name-N}; one item is called on the caller's thread. If calls fail, the first item's
     * failure in item order is thrown, as the call threw it.
     */
    public static <T, R> List<R> map(List<T> items, int maxThreads, String name, Function<T, R> call) {
        if (items.size() < 2) {
            List<R> results = new ArrayList<>(items.size());
            items.forEach(item -> results.add(call.apply(item)));
            return results;
        }
        AtomicInteger made = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(items.size(), maxThreads), work -> {
            Thread thread = new Thread(work, name + "-" + made.incrementAndGet());
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

    /**
     * The future's result, once it has one; its failure thrown as the work threw it, not wrapped
     * in a {@code CompletionException}. An interrupt of the waiting thread ends the wait with an
     * "interrupted" {@code TableloadException} and leaves the thread interrupted (the work itself
     * is its owner's to stop: {@link #map} stops its threads).
     */
    public static <R> R joined(CompletableFuture<R> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Errors.interruptedWait(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new CompletionException(e.getCause());
        }
    }
}
