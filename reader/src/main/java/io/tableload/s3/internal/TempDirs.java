package io.tableload.s3.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Session directories still alive, and partial files still being written, deleted by one JVM
 * shutdown hook if their sessions were never closed or their downloads never finished. One hook
 * for all sessions, so opening many sessions does not pile up hooks. Partial files count on their
 * own because a download into a caller's directory ({@code s3 get --dest DIR}) writes them beside
 * the caller's files, in no directory of ours.
 *
 * <p>On SIGINT or SIGTERM the hook runs while download threads are still going. Steps that add
 * or rename entries (a partition directory, a partial file, the staging directory taking the
 * destination's place) therefore pass through a gate: each finishes before the hook starts
 * deleting, or is refused after it. Without the gate a download could re-create a directory
 * the hook had just deleted, or the hook could delete a staging directory between the two
 * renames of a commit and leave no destination at all.
 */
final class TempDirs {
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    private static final Set<Path> PARTIAL_FILES = ConcurrentHashMap.newKeySet();
    private static final ReentrantReadWriteLock GATE = new ReentrantReadWriteLock();
    private static volatile boolean closing;

    /** A file-system step that may fail. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws IOException;
    }

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempDirs::deleteAllAtShutdown, "tableload-temp-cleanup"));
    }

    private TempDirs() {
    }

    private static void deleteAllAtShutdown() {
        closing = true;
        Lock exclusive = GATE.writeLock();
        try {
            // Steps are single file-system calls; waiting longer would only hold up the exit.
            exclusive.tryLock(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Path file : PARTIAL_FILES) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException | RuntimeException e) {
                // shutting down: nothing more we can do
            }
        }
        for (Path dir : LIVE) {
            // Another thread may be deleting the same tree (the previous load, say) and leave
            // entries this walk saw as the directory's; a second walk finds what is left.
            for (int attempt = 0; attempt < 3 && Files.exists(dir); attempt++) {
                try {
                    LocalFiles.deleteRecursively(dir);
                } catch (RuntimeException e) {
                    // shutting down: try again, then nothing more we can do
                }
            }
        }
        OwnerLocks.releaseDeleted();
    }

    /**
     * Runs {@code step}, which creates or renames entries in watched directories, so that it
     * never interleaves with the shutdown cleanup; refuses with an {@link IOException} once the
     * JVM is shutting down.
     */
    static <T> T guarded(Step<T> step) throws IOException {
        Lock shared = GATE.readLock();
        shared.lock();
        try {
            if (closing) {
                throw new IOException("the JVM is shutting down; not writing any more files");
            }
            return step.run();
        } finally {
            shared.unlock();
        }
    }

    static void register(Path dir) {
        LIVE.add(dir);
    }

    static void forget(Path dir) {
        LIVE.remove(dir);
    }

    /**
     * Watches a partial file from its creation (call it inside the {@link #guarded} step that
     * creates it) until {@link #forgetPartialFile}: deleted at shutdown meanwhile.
     */
    static void registerPartialFile(Path file) {
        PARTIAL_FILES.add(file);
    }

    /** The partial file was renamed into place (inside the {@link #guarded} step) or deleted. */
    static void forgetPartialFile(Path file) {
        PARTIAL_FILES.remove(file);
    }

    static void deleteNow(Path dir) {
        try {
            LocalFiles.deleteRecursively(dir);
        } finally {
            LIVE.remove(dir);
        }
    }
}
