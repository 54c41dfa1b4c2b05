package io.tableload.s3.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A locked file beside each private directory ({@code DIR.lock} next to {@code DIR}), held for as
 * long as the directory is in use, so that a later process can tell the directory of a process
 * that was killed outright (SIGKILL, the kernel's OOM killer), whose shutdown cleanup never ran,
 * from one still in use, and delete it. On tmpfs such a leftover holds memory until a reboot.
 *
 * <p>The lock is the kernel's: it goes when its process does, however it ends. A lock file is
 * taken as abandoned only when its lock is free, it says it is tableload's, it belongs to this
 * user, and it was written since this machine last booted by a process that is gone (where this
 * process can see it). A directory that cannot be locked (a file system without locks) gets no
 * lock file and is never swept. The lock also covers siblings named {@code DIR-...} (the
 * loads a commit moves aside, {@code DIR-previous-N}).
 *
 * <p>POSIX locks belong to a process, and closing any channel on a file drops all of the
 * process's locks on it. So this JVM never opens a lock file it holds: it knows them by file key.
 */
final class OwnerLocks {
    /** Names of lock files: every private directory's name holds {@code tableload-}. */
    private static final String GLOB = "*tableload-*.lock";
    private static final String SUFFIX = ".lock";
    private static final String HEADER = "tableload: this file is locked while its directory is in use: ";
    /** This process as its lock files name it: boot, PID namespace, PID (see {@link #abandoned}). */
    private static final String BOOT = readProc(() -> Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim());
    private static final String PID_NAMESPACE = readProc(() -> Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString());
    private static final Object UID = readUid();

    private record Held(Path file, FileChannel channel, Object fileKey) {
    }

    private static final Map<Path, Held> HELD = new ConcurrentHashMap<>();
    private static final Set<Object> HELD_KEYS = ConcurrentHashMap.newKeySet();

    private OwnerLocks() {
    }

    /**
     * Locks {@code dir}'s lock file, created beside it. Best effort: where the file cannot be made
     * or locked, the directory simply has none (and is never swept).
     */
    static void take(Path dir) {
        Path file = lockFile(dir);
        // Written and locked under another name, then renamed: a sweeper never sees it unlocked.
        Path fresh = file.resolveSibling(file.getFileName() + "-new");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(fresh, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.READ), LocalFiles.fileAttribute());
            if (channel.tryLock() == null) {
                throw new IOException("locked by another process");
            }
            channel.write(ByteBuffer.wrap(content(dir).getBytes(StandardCharsets.UTF_8)));
            Object key = Files.readAttributes(fresh, BasicFileAttributes.class).fileKey();
            HELD_KEYS.add(key);
            try {
                Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                HELD_KEYS.remove(key);
                throw e;
            }
            HELD.put(dir, new Held(file, channel, key));
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            deleteQuietly(fresh);
        }
    }

    /** Deletes {@code dir}'s lock file and lets its lock go (once the directory is gone or kept). */
    static void release(Path dir) {
        Held held = HELD.remove(dir);
        if (held != null) {
            deleteQuietly(held.file());
            closeQuietly(held.channel());
            HELD_KEYS.remove(held.fileKey());
        }
    }

    /** At shutdown: the lock files of directories that are gone (a directory still there keeps its own). */
    static void releaseDeleted() {
        for (Path dir : HELD.keySet()) {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                release(dir);
            }
        }
    }

    /** Deletes, in {@code parent}, the private directories whose processes ended without deleting them. */
    static void sweep(Path parent) {
        try (DirectoryStream<Path> locks = Files.newDirectoryStream(parent, GLOB)) {
            for (Path lock : locks) {
                sweepIfAbandoned(lock);
            }
        } catch (IOException | RuntimeException e) {
            // a parent that cannot be listed holds nothing we can sweep
        }
    }

    private static void sweepIfAbandoned(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile() || HELD_KEYS.contains(attributes.fileKey())
                    || UID == null || !UID.equals(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
                return;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
                    FileLock lock = channel.tryLock()) {
                if (lock == null || !abandoned(dirOf(file), read(channel))) {
                    return;
                }
                Path dir = dirOf(file);
                try (DirectoryStream<Path> family = Files.newDirectoryStream(dir.getParent(),
                        entry -> entry.getFileName().toString().startsWith(dir.getFileName() + "-"))) {
                    for (Path sibling : family) {
                        LocalFiles.deleteRecursively(sibling);
                    }
                }
                LocalFiles.deleteRecursively(dir);
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException e) {
            // locked by another thread of this JVM, gone meanwhile, not ours or not lockable: left as it is
        }
    }

    /**
     * Whether the directory of a free lock file was abandoned. Written before a reboot or on another
     * machine sharing this directory, its lock may not be one this kernel keeps (NFS mounted without
     * locking), so it is left alone; and where this process can see its writer (same PID
     * namespace) that writer must be gone, in case the file system only pretends to lock.
     */
    private static boolean abandoned(Path dir, String content) {
        String[] lines = content.split("\n", -1);
        if (lines.length < 2 || !lines[0].equals(HEADER + dir.getFileName())) {
            return false; // not one of ours
        }
        String[] owner = lines[1].split(" ", -1);
        if (owner.length != 3 || BOOT.isEmpty() || !owner[0].equals(BOOT)) {
            return false;
        }
        try {
            boolean visible = !PID_NAMESPACE.isEmpty() && owner[1].equals(PID_NAMESPACE);
            return !(visible && ProcessHandle.of(Long.parseLong(owner[2])).isPresent());
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String content(Path dir) {
        return HEADER + dir.getFileName() + "\n" + BOOT + " " + PID_NAMESPACE + " " + ProcessHandle.current().pid() + "\n";
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // a lock file is one short write
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    private static Path lockFile(Path dir) {
        return dir.resolveSibling(dir.getFileName() + SUFFIX);
    }

    private static Path dirOf(Path lockFile) {
        String name = lockFile.getFileName().toString();
        return lockFile.resolveSibling(name.substring(0, name.length() - SUFFIX.length()));
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // closing releases the lock whatever it reports
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a lock file left behind is swept, or harmless
        }
    }

    @FunctionalInterface
    private interface ProcRead {
        String read() throws IOException;
    }

    /** A value from {@code /proc}, or empty where there is none (not Linux, a restricted container). */
    private static String readProc(ProcRead read) {
        try {
            return read.read().replace(' ', '_').replace('\n', '_');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static Object readUid() {
        try {
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
