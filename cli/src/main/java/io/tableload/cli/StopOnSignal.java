package io.tableload.cli;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.Cancellation;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * In a command's own process, gives up its transfers when the JVM is asked to stop (Ctrl-C,
 * SIGTERM), and holds the stop for up to a grace period while the command winds down. An upload
 * needs that: a multipart upload cut off by the process's end stays open on the server, its parts
 * stored (and billed) until a lifecycle rule clears them, whereas a cancelled one is aborted.
 * Closing it, when the command ends by itself, removes the hook. Closing it once a signal came
 * lets the stop go on and never returns, so that the process ends with the signal's status (130,
 * 143): were the command's thread to go on to {@code System.exit} with its own status, the JVM
 * would take that status if the hooks had just finished.
 */
final class StopOnSignal implements AutoCloseable {
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean stopping;

    StopOnSignal(Cancellation cancellation, Duration grace) {
        hook = new Thread(() -> {
            stopping = true;
            cancellation.cancel(new TableloadException(ErrorCode.INTERNAL, "the command was stopped by a signal"));
            try {
                ended.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tableload-stop-transfers");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        ended.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException jvmStopping) {
            // The JVM is stopping: the hook runs, and returns at once now that the command has ended.
            stopping = true;
        }
        while (stopping) { // the JVM halts this thread with the signal's status
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ignored) {
                // nothing to do but wait for the halt
            }
        }
    }
}
