package io.tableload.s3.internal;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.BatchResult;
import io.tableload.s3.Cancellation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The calls a session is running, so that closing the session ends them rather than leaving their
 * callers waiting on work that no thread will do: each call's transfers are cancelled (a transfer
 * checks before every request and between the reads of a body), and whatever the call still waits
 * on then fails with the reason.
 */
final class RunningCalls {
    /** One call: what gives up its transfers, and the results its caller waits on. */
    static final class Call {
        final Cancellation cancellation;
        volatile List<? extends CompletableFuture<?>> awaited = List.of();

        private Call(Cancellation cancellation) {
            this.cancellation = cancellation;
        }
    }

    private final Set<Call> running = ConcurrentHashMap.newKeySet();
    private volatile TableloadException closedWith;

    /** Registers a call given up by {@code cancellation} (the caller's own, or a fresh one). */
    Call start(Cancellation cancellation) {
        Call call = new Call(cancellation);
        running.add(call);
        TableloadException why = closedWith;
        if (why != null) { // closed meanwhile: close() may have looked before this call was added
            cancellation.cancel(why);
        }
        return call;
    }

    /**
     * Waits for every future of {@code call}, keeping request order, turning each outcome into an
     * item, and ends the call.
     */
    <T> BatchResult<T> join(Call call, List<String> requests, List<CompletableFuture<T>> futures) {
        call.awaited = futures;
        try {
            TableloadException why = closedWith;
            if (why != null) { // as in start(): close() may have looked before these futures were set
                failAll(futures, why);
            }
            List<BatchResult.Item<T>> items = new ArrayList<>(futures.size());
            for (int i = 0; i < futures.size(); i++) {
                try {
                    items.add(BatchResult.Item.success(requests.get(i), await(call, futures.get(i))));
                } catch (CompletionException | java.util.concurrent.CancellationException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    TableloadException error = cause instanceof TableloadException t ? t
                            : new TableloadException(ErrorCode.INTERNAL, requests.get(i) + ": " + Errors.describe(cause), cause);
                    items.add(BatchResult.Item.failure(requests.get(i), error));
                }
            }
            return new BatchResult<>(items);
        } finally {
            running.remove(call);
        }
    }

    /**
     * Waits for one future of {@code call}. An interrupt of the waiting thread (a training step
     * stopped with {@code Future.cancel(true)}, a notebook's interrupt) gives up the whole call
     * through its cancellation; the wait then goes on only until the transfers have heard it, so
     * that nothing is written after the caller returns, and the thread is left interrupted.
     */
    private static <T> T await(Call call, CompletableFuture<T> future) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    call.cancellation.cancel(Errors.interruptedWait(e));
                } catch (ExecutionException e) {
                    throw new CompletionException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Cancels every running call with {@code why}, runs {@code stopWorkers} (which should give the
     * transfers a bounded time to see the cancellation and end), then fails what the callers still
     * wait on, such as work that was queued and dropped.
     */
    void close(TableloadException why, Runnable stopWorkers) {
        closedWith = why;
        for (Call call : running) {
            call.cancellation.cancel(why);
        }
        stopWorkers.run();
        for (Call call : running) {
            failAll(call.awaited, why);
        }
    }

    private static void failAll(List<? extends CompletableFuture<?>> futures, TableloadException why) {
        for (CompletableFuture<?> future : futures) {
            future.completeExceptionally(why);
        }
    }
}
