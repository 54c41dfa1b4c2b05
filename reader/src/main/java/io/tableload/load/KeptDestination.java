package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.internal.LocalFailure;
import io.tableload.s3.internal.LocalFiles;
import io.tableload.s3.internal.PrivateDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A destination directory the caller keeps, replaced whole by each load: files are fetched into a
 * private staging directory beside it, and only when every file has arrived does the staging
 * directory take the destination's place. A failed or interrupted load leaves the previous
 * contents as they were, and a successful one never mixes old and new files.
 *
 * <p>A destination that exists must be empty or hold a previous load (it has the
 * {@value #MARKER} file): replacing means deleting, and tableload deletes only what it wrote.
 */
final class KeptDestination {
    static final String MARKER = ".tableload";
    /** Renames raced by other loads of the destination before giving up; each race costs two renames. */
    private static final int SWAP_ATTEMPTS = 10;

    private final Path destination;
    private final Path staging;

    private KeptDestination(Path destination, Path staging) {
        this.destination = destination;
        this.staging = staging;
    }

    /** Checks the destination can be replaced and creates the staging directory beside it. */
    static KeptDestination prepare(Path requested) {
        Path destination = requested.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(destination)) {
            throw new TableloadException(ErrorCode.USAGE, "the destination " + destination
                    + " is a symbolic link; give the real directory");
        }
        LocalFiles.refuseFileAt(destination); // after the link check: nothing is followed
        if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS) && !isEmpty(destination)
                && !Files.exists(destination.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
            throw new TableloadException(ErrorCode.USAGE, "the destination " + destination
                    + " is not empty and holds no previous load; tableload replaces a destination whole,"
                    + " so give a new or empty directory");
        }
        Path parent = destination.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw LocalFailure.of("create", parent, e);
        }
        Path staging = PrivateDirectories.create(parent, "." + destination.getFileName() + ".tableload-");
        return new KeptDestination(destination, staging);
    }

    /** Where the files are fetched to until {@link #commit}. */
    Path staging() {
        return staging;
    }

    Path destination() {
        return destination;
    }

    /** Puts the staged files in the destination's place and deletes the previous load. */
    void commit(String description) {
        Path marker = staging.resolve(MARKER);
        try {
            Files.writeString(marker, description + " loaded at " + Instant.now() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            // The last small write can be the one that finds the file system full.
            abort();
            throw LocalFailure.of("write", marker, e);
        }
        List<Path> movedAside = new ArrayList<>();
        try {
            swap(movedAside);
        } catch (IOException e) {
            movedAside.forEach(PrivateDirectories::delete);
            abort();
            throw LocalFailure.of("put the loaded files in place at", destination, e);
        }
        movedAside.forEach(PrivateDirectories::delete);
        PrivateDirectories.finished(staging); // its lock covered the loads moved aside till now
    }

    /**
     * Moves the destination aside (into {@code movedAside}, to be deleted) and the staging
     * directory into its place. Another load of this destination may be committing at the same
     * moment (two jobs loading one selection): when its rename gets in the way of ours (the
     * destination gone before we move it aside, or back before we move ours in), we start again,
     * so each load is in place whole for a moment and the last one stays. On failure the
     * destination is put back if it is missing.
     */
    private void swap(List<Path> movedAside) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path aside = staging.resolveSibling(staging.getFileName() + "-previous-" + attempt);
            try {
                // Guarded: a signal's shutdown cleanup runs before both renames or after both, so it
                // never finds the previous load moved aside and the new one not yet in its place.
                PrivateDirectories.guarded(() -> {
                    if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
                        move(destination, aside);
                        PrivateDirectories.watch(aside);
                        movedAside.add(aside);
                    }
                    move(staging, destination);
                    PrivateDirectories.keep(staging);
                });
                return;
            } catch (IOException e) {
                if (attempt < SWAP_ATTEMPTS && Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // most likely raced by another load's commit: our staging is intact, again
                }
                putBack(movedAside);
                throw e;
            }
        }
    }

    /** After a failed swap: the last load moved aside goes back where it was, if nothing took its place. */
    private void putBack(List<Path> movedAside) throws IOException {
        if (movedAside.isEmpty() || Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path last = movedAside.remove(movedAside.size() - 1);
        PrivateDirectories.guarded(() -> {
            move(last, destination);
            PrivateDirectories.keep(last);
        });
    }

    /** Deletes the staged files; the destination stays as it was. */
    void abort() {
        PrivateDirectories.delete(staging);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            throw LocalFailure.of("read", dir, e);
        }
    }
}
