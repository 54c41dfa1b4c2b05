package io.tableload.s3.internal;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Private (0700) working directories outside an S3 session, for callers such as the table
 * loader: each is deleted by the JVM's shutdown hook if its owner never deletes it, so an
 * interrupted process leaves nothing behind. A process killed outright (SIGKILL, the OOM killer)
 * runs no hook: its directories are deleted by the next tableload process that creates one
 * beside them ({@link OwnerLocks}).
 */
public final class PrivateDirectories {
    private PrivateDirectories() {}

    /** A file-system step for {@link #guarded}. */
    @FunctionalInterface
    public interface Step {
        void run() throws IOException;
    }

    /**
     * Creates a private directory on tmpfs ({@code /dev/shm}) when it has {@code wantedBytes}
     * free, else under {@code java.io.tmpdir}.
     */
    public static Path createTemporary(String prefix, long wantedBytes) {
        // Swept first: what killed processes left on tmpfs counts against its room.
        for (Path candidate : LocalFiles.temporaryParents()) {
            OwnerLocks.sweep(candidate);
        }
        return createSwept(LocalFiles.temporaryParent(wantedBytes), prefix);
    }

    /**
     * Creates a private directory under {@code parent}, deleting first what killed tableload
     * processes left there.
     */
    public static Path create(Path parent, String prefix) {
        OwnerLocks.sweep(parent);
        return createSwept(parent, prefix);
    }

    private static Path createSwept(Path parent, String prefix) {
        try {
            return TempDirs.guarded(() -> {
                Path dir = LocalFiles.createPrivateDirectory(parent, prefix);
                TempDirs.register(dir);
                OwnerLocks.take(dir);
                return dir;
            });
        } catch (IOException shuttingDown) {
            throw new TableloadException(ErrorCode.INTERNAL, "not creating a directory in " + parent + ": "
                    + shuttingDown.getMessage(), shuttingDown);
        }
    }

    /** Deletes the directory and its contents now. */
    public static void delete(Path dir) {
        try {
            TempDirs.deleteNow(dir);
        } finally {
            OwnerLocks.release(dir);
        }
    }

    /** Starts watching a directory made some other way (renamed from elsewhere, say). */
    public static void watch(Path dir) {
        TempDirs.register(dir);
    }

    /** Stops watching a directory that has been kept (renamed into place, say). */
    public static void keep(Path dir) {
        TempDirs.forget(dir);
    }

    /**
     * Ends the life of a directory {@link #create}d here that was kept under another name (a
     * staging directory renamed into place): nothing of it is left to delete, even after a kill.
     */
    public static void finished(Path dir) {
        TempDirs.forget(dir);
        OwnerLocks.release(dir);
    }

    /**
     * Starts watching a partial file written outside any watched directory (an export beside its
     * final name, say): deleted at shutdown until {@link #forgetPartialFile}. Call it inside the
     * {@link #guarded} step that makes the file, so that the shutdown cleanup cannot miss it.
     */
    public static void watchPartialFile(Path file) {
        TempDirs.registerPartialFile(file);
    }

    /** Stops watching a partial file that was renamed into place (inside a {@link #guarded} step) or deleted. */
    public static void forgetPartialFile(Path file) {
        TempDirs.forgetPartialFile(file);
    }

    /**
     * Runs {@code step}, which renames or creates entries in watched directories, so that the
     * shutdown cleanup sees either none or all of it: the step completes before the cleanup
     * starts, or fails with an {@link IOException} once the JVM is shutting down.
     */
    public static void guarded(Step step) throws IOException {
        TempDirs.guarded(() -> {
            step.run();
            return null;
        });
    }
}
