package io.tableload.s3.internal;

import java.nio.file.Path;

/**
 * Private (0700) working directories outside an S3 session, for callers such as the table
 * loader: each is deleted by the JVM's shutdown hook if its owner never deletes it, so an
 * interrupted process leaves nothing behind.
 */
public final class PrivateDirectories {
    private PrivateDirectories() {}

    /**
     * Creates a private directory on tmpfs ({@code /dev/shm}) when it has {@code wantedBytes}
     * free, else under {@code java.io.tmpdir}.
     */
    public static Path createTemporary(String prefix, long wantedBytes) {
        return create(LocalFiles.temporaryParent(wantedBytes), prefix);
    }

    /** Creates a private directory under {@code parent}. */
    public static Path create(Path parent, String prefix) {
        Path dir = LocalFiles.createPrivateDirectory(parent, prefix);
        TempDirs.register(dir);
        return dir;
    }

    /** Deletes the directory and its contents now. */
    public static void delete(Path dir) {
        TempDirs.deleteNow(dir);
    }

    /** Stops watching a directory that has been kept (renamed into place, say). */
    public static void keep(Path dir) {
        TempDirs.forget(dir);
    }
}
