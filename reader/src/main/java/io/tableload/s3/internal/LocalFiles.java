package io.tableload.s3.internal;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/** Local file rules: private permissions, safe names, room checks, recursive deletion. */
public final class LocalFiles {
    static final Set<PosixFilePermission> DIR_PERMS = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE_PERMS = PosixFilePermissions.fromString("rw-------");
    private static final Path SHM = Path.of("/dev/shm");

    private LocalFiles() {
    }

    static FileAttribute<Set<PosixFilePermission>> dirAttribute() {
        return PosixFilePermissions.asFileAttribute(DIR_PERMS);
    }

    static FileAttribute<Set<PosixFilePermission>> fileAttribute() {
        return PosixFilePermissions.asFileAttribute(FILE_PERMS);
    }

    /**
     * Where a session's temporary directory goes: {@code /dev/shm} when it is a writable directory
     * with at least {@code wantedBytes} free, else {@code java.io.tmpdir}.
     */
    static Path temporaryParent(long wantedBytes) {
        try {
            if (Files.isDirectory(SHM) && Files.isWritable(SHM)
                    && Files.getFileStore(SHM).getUsableSpace() >= wantedBytes) {
                return SHM;
            }
        } catch (IOException e) {
            // fall through to the system temp dir
        }
        return systemTemp();
    }

    /** Where {@link #temporaryParent} may choose from. */
    static List<Path> temporaryParents() {
        return Files.isDirectory(SHM) ? List.of(SHM, systemTemp()) : List.of(systemTemp());
    }

    private static Path systemTemp() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Creates a private (0700) directory under {@code parent}. */
    static Path createPrivateDirectory(Path parent, String prefix) {
        try {
            return Files.createTempDirectory(parent, prefix, dirAttribute());
        } catch (IOException e) {
            throw LocalFailure.of("create a directory in", parent, e);
        }
    }

    /**
     * {@code destination/relative}, or a USAGE error when {@code relative} is absolute, contains a NUL,
     * or climbs out of {@code destination} once normalised.
     */
    public static Path resolveInside(Path destination, String relative) {
        if (relative.isEmpty() || relative.indexOf('\0') >= 0) {
            throw new TableloadException(ErrorCode.USAGE, "the local path '" + relative.replace('\0', '?')
                    + "' is empty or holds a NUL character; refusing to write it");
        }
        Path base = destination.toAbsolutePath().normalize();
        Path candidate;
        try {
            Path rel = base.getFileSystem().getPath(relative);
            if (rel.isAbsolute() || relative.startsWith("/") || relative.startsWith("\\")) {
                throw escape(destination, relative);
            }
            candidate = base.resolve(rel).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            String encoding = System.getProperty("sun.jnu.encoding", "UTF-8");
            if (!encoding.equalsIgnoreCase("UTF-8") && !java.nio.charset.Charset.forName(encoding).newEncoder().canEncode(relative)) {
                // The JVM names files in the locale's character set, ASCII in the C/POSIX locale.
                throw new TableloadException(ErrorCode.USAGE, "the local path '" + relative + "' holds characters"
                        + " this JVM cannot put in a file name: it names files in " + encoding + " (its locale's"
                        + " character set); run it in a UTF-8 locale, for example with LC_ALL=C.UTF-8", e);
            }
            throw new TableloadException(ErrorCode.USAGE, "the local path '" + relative + "' is not valid here: "
                    + e.getMessage(), e);
        }
        if (!candidate.startsWith(base) || candidate.equals(base)) {
            throw escape(destination, relative);
        }
        return candidate;
    }

    private static TableloadException escape(Path destination, String relative) {
        return new TableloadException(ErrorCode.USAGE, "the key maps to '" + relative + "', which would land outside "
                + destination + "; refusing to write it (rename the object or download it on its own)");
    }

    /**
     * Creates {@code dir} and its missing parents (0700), all inside {@code base}. An existing
     * symbolic link on the way is accepted only when it resolves inside {@code base}: a link planted
     * in the destination must not carry the download (or even an empty directory) out of it.
     */
    static void createDirectoriesInside(Path base, Path dir) throws IOException {
        Files.createDirectories(base, dirAttribute()); // the destination itself may be new (s3 get --dest NEW)
        Path realBase = base.toRealPath();
        Path absBase = base.toAbsolutePath().normalize();
        Path absDir = dir.toAbsolutePath().normalize();
        if (!absDir.startsWith(absBase)) {
            throw new TableloadException(ErrorCode.USAGE, dir + " is not inside " + base + "; refusing to write there");
        }
        Path current = absBase;
        for (Path name : absBase.relativize(absDir)) {
            if (name.toString().isEmpty()) {
                continue;
            }
            current = current.resolve(name);
            if (Files.isSymbolicLink(current)) {
                Path real = current.toRealPath();
                if (!real.startsWith(realBase)) {
                    throw new TableloadException(ErrorCode.USAGE, current + " is a symbolic link to " + real
                            + ", outside " + base + "; refusing to write through it (remove the link)");
                }
            } else if (!Files.exists(current)) {
                try {
                    Files.createDirectory(current, dirAttribute());
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // made by another part or object at the same time: checked below
                }
            }
            if (!Files.isDirectory(current)) {
                throw new java.nio.file.NotDirectoryException(current.toString());
            }
        }
    }

    /**
     * Creates the directory a download goes to (0700, with its missing parents) unless it exists,
     * and checks that a file can be made in it, so that a destination that cannot be made or
     * written fails once, before any request, rather than once per object.
     */
    static void createDestination(Path directory) {
        refuseFileAt(directory);
        try {
            Files.createDirectories(directory, dirAttribute());
        } catch (IOException e) {
            throw LocalFailure.of("create the destination", directory, e);
        }
        try {
            // A file made and removed, not Files.isWritable: access(2) says yes to root, which a
            // read-only mount or a kernel file system (/sys) still refuses.
            Files.delete(Files.createTempFile(directory, ".tableload-write-check-", ""));
        } catch (IOException e) {
            throw LocalFailure.of("write in the destination", directory, e);
        }
    }

    /** Refuses a destination where a file (not a directory) stands; a missing one is fine. */
    public static void refuseFileAt(Path destination) {
        if (Files.exists(destination) && !Files.isDirectory(destination)) {
            throw new TableloadException(ErrorCode.USAGE, "the destination " + destination + " is a file, not a directory");
        }
    }

    /** A file name made only of safe characters from an S3 key's last segment, for session files. */
    static String safeName(String keyName) {
        String cleaned = keyName.replaceAll("[^A-Za-z0-9._-]", "_");
        if (cleaned.isEmpty() || cleaned.chars().allMatch(c -> c == '.')) {
            cleaned = "object";
        }
        return cleaned.length() > 100 ? cleaned.substring(cleaned.length() - 100) : cleaned;
    }

    /** Refuses, with needed and available bytes, when {@code directory} has less than {@code needed} free. */
    static void checkRoom(Path directory, long needed) {
        if (needed <= 0) {
            return;
        }
        long available;
        try {
            Path existing = directory.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            available = Files.getFileStore(existing == null ? directory : existing).getUsableSpace();
        } catch (IOException e) {
            return; // cannot tell; the writes will report a full disk themselves
        }
        if (available < needed) {
            throw new TableloadException(ErrorCode.NO_ROOM, "not enough room in " + directory + ": the download needs "
                    + needed + " bytes (" + human(needed) + ") but only " + available + " bytes (" + human(available)
                    + ") are free; free space or choose another destination");
        }
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Deletes {@code root} and everything under it; missing is fine. */
    public static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            // Entries that vanish during the walk are fine: a shutdown's cleanup may be deleting the
            // same tree as the thread that was deleting it when the signal came.
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }
}
