package io.tableload.s3.internal;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Session directories still alive, deleted by one JVM shutdown hook if their sessions were never
 * closed. One hook for all sessions, so opening many sessions does not pile up hooks.
 */
final class TempDirs {
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path dir : LIVE) {
                try {
                    LocalFiles.deleteRecursively(dir);
                } catch (RuntimeException e) {
                    // shutting down: nothing more we can do
                }
            }
        }, "tableload-temp-cleanup"));
    }

    private TempDirs() {
    }

    static void register(Path dir) {
        LIVE.add(dir);
    }

    static void forget(Path dir) {
        LIVE.remove(dir);
    }

    static void deleteNow(Path dir) {
        try {
            LocalFiles.deleteRecursively(dir);
        } finally {
            LIVE.remove(dir);
        }
    }
}
