package io.tableload.cli;

import io.tableload.s3.S3Url;
import io.tableload.s3.TransferListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr for a transfer, drawn only when a person is watching (a terminal);
 * scripts and logs get nothing. Close it when the transfer ends.
 */
final class Progress implements TransferListener, AutoCloseable {
    private final String task;
    private final boolean enabled;
    private volatile ProgressBar bar;

    private Progress(String task, boolean enabled) {
        this.task = task;
        this.enabled = enabled;
    }

    /** A bar if stdin and stdout are a terminal and JSON was not asked for; else nothing. */
    static Progress forTerminal(String task, boolean json) {
        return new Progress(task, !json && System.console() != null);
    }

    @Override
    public synchronized void started(int objects, long bytes) {
        if (enabled && bar == null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(bytes, 0))
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" MiB", 1024 * 1024).showSpeed()
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                    .build();
        }
    }

    @Override
    public void bytesTransferred(long bytes) {
        ProgressBar b = bar;
        if (b != null) {
            b.stepBy(bytes);
        }
    }

    @Override
    public void objectDone(S3Url url, boolean success) {
        // the bar counts bytes; objects show in the summary
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
