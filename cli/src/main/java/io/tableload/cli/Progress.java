package io.tableload.cli;

import io.tableload.s3.S3Url;
import io.tableload.s3.TransferListener;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final PrintStream stderr;
    private volatile ProgressBar bar;
    /** Objects not done yet: the bar ends with the last, before any extract the load then runs. */
    private final AtomicInteger remaining = new AtomicInteger();

    private Progress(String task, boolean enabled, PrintStream stderr) {
        this.task = task;
        this.enabled = enabled;
        this.stderr = stderr;
    }

    /**
     * A bar if stdin and stdout are a terminal (the daemon's client's, for a command it runs) and
     * JSON was not asked for; else nothing.
     */
    static Progress forTerminal(String task, boolean json) {
        Invocation invocation = Invocation.current();
        return new Progress(task, !json && invocation.terminal(), stderrOf(invocation));
    }

    @Override
    public synchronized void started(int objects, long bytes) {
        remaining.set(objects);
        if (enabled && bar == null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(bytes, 0))
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" MiB", 1024 * 1024).showSpeed()
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(stderr))
                    .build();
        }
    }

    /**
     * The stderr of the command's caller, taken when the command makes its bar: the bar is drawn
     * from a thread of the progress bar library's own, which may have started for another command.
     */
    private static PrintStream stderrOf(Invocation invocation) {
        OutputStream client = invocation.err();
        return client == null ? System.err : new PrintStream(client, true, Charset.defaultCharset());
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
        if (remaining.decrementAndGet() == 0) {
            close();
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
