package io.tableload.cli;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.Cancellation;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * Where one run of a command comes from: the directory relative paths are taken in, whether a
 * person watches its stderr, where its output goes and whether it logs details. A command run in
 * its own process has the process's. One that the daemon runs for a
 * client has the client's, set on the thread that runs it and inherited by every thread the
 * command starts, so that its log lines and progress bar reach that client and no other.
 */
final class Invocation {
    private static final Invocation OWN_PROCESS = new Invocation(null, System.console() != null, null, null);
    private static final InheritableThreadLocal<Invocation> CURRENT = new InheritableThreadLocal<>();
    private static final String EMPTY_PATH = "an empty path was given (an unset variable?); name the file or"
            + " directory, or . for the current one";

    private final Path workingDirectory;
    private final boolean terminal;
    private final OutputStream out;
    private final OutputStream err;
    private final List<Runnable> onCancel = new CopyOnWriteArrayList<>();
    private volatile boolean verbose;
    private volatile boolean finished;
    private volatile boolean cancelled;

    private Invocation(Path workingDirectory, boolean terminal, OutputStream out, OutputStream err) {
        this.workingDirectory = workingDirectory;
        this.terminal = terminal;
        this.out = out;
        this.err = err;
    }

    /** A client's run, in the daemon: {@code workingDirectory} is absolute. */
    static Invocation forClient(Path workingDirectory, boolean terminal, OutputStream out, OutputStream err) {
        if (!workingDirectory.isAbsolute()) {
            throw new IllegalArgumentException("not an absolute working directory: " + workingDirectory);
        }
        return new Invocation(workingDirectory, terminal, out, err);
    }

    /**
     * The run the calling thread works for: a client's while the daemon runs its command (threads
     * the command started included), else the process's own. A thread a finished run left behind
     * in a pool counts as the process's own again.
     */
    static Invocation current() {
        Invocation invocation = CURRENT.get();
        return invocation == null || invocation.finished ? OWN_PROCESS : invocation;
    }

    /** Runs {@code command} on the calling thread as this invocation, and marks it finished after. */
    int run(IntSupplier command) {
        CURRENT.set(this);
        try {
            return command.getAsInt();
        } finally {
            finished = true;
            CURRENT.remove();
        }
    }

    /**
     * {@code path} as the user meant it: relative ones are taken in the caller's working directory.
     * An empty one is refused rather than taken as that directory: it is most often a script's unset
     * variable, and {@code s3 put "$DIR"} would otherwise upload whatever directory it ran in.
     */
    Path path(String path) {
        if (path.isBlank()) {
            throw new TableloadException(ErrorCode.USAGE, EMPTY_PATH);
        }
        return workingDirectory == null ? Path.of(path) : workingDirectory.resolve(path);
    }

    /** Whether a person watches stderr: progress bars are drawn only then. */
    boolean terminal() {
        return terminal;
    }

    /** The client's stdout, or {@code null} for the process's own. */
    OutputStream out() {
        return out;
    }

    /** The client's stderr, or {@code null} for the process's own. */
    OutputStream err() {
        return err;
    }

    /**
     * Registers what stops the command's work when its client goes away (a load's download).
     * Runs {@code action} at once when that has already happened.
     */
    void onCancel(Runnable action) {
        onCancel.add(action);
        if (cancelled) {
            action.run();
        }
    }

    /**
     * A cancellation of the command's transfers that fires when its client goes away, so that a
     * load, download or upload does not go on for nobody. In a process of its own it never fires:
     * there the process ends with its command (an upload holds the end to abort its multipart
     * uploads first, through {@link StopOnSignal}).
     */
    Cancellation cancellationOnHangUp() {
        Cancellation cancellation = new Cancellation();
        onCancel(() -> cancellation.cancel(new TableloadException(ErrorCode.INTERNAL, "the command's caller went away")));
        return cancellation;
    }

    /** The client went away: stops what the command registered, and drops its output. */
    void cancel() {
        if (!finished && !cancelled) {
            cancelled = true;
            onCancel.forEach(Runnable::run);
        }
    }

    /** Whether the client went away. */
    boolean cancelled() {
        return cancelled;
    }

    boolean isClient() {
        return this != OWN_PROCESS;
    }

    boolean verbose() {
        return verbose;
    }

    void verbose(boolean verbose) {
        this.verbose = verbose;
    }
}
