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
        Path previous = staging.resolveSibling(staging.getFileName() + "-previous");
        boolean replaced;
        try {
            // Guarded: a signal's shutdown cleanup runs before both renames or after both, so it
            // never finds the previous load moved aside and the new one not yet in its place.
            replaced = swap(previous);
        } catch (IOException e) {
            abort();
            throw LocalFailure.of("put the loaded files in place at", destination, e);
        }
        if (replaced) {
            PrivateDirectories.delete(previous);
        }
        PrivateDirectories.finished(staging); // its lock covered the previous load moved aside till now
    }

    /** Moves the destination aside (to be deleted) and the staging directory into its place. */
    private boolean swap(Path previous) throws IOException {
        boolean[] replaced = {false};
        PrivateDirectories.guarded(() -> {
            if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
                move(destination, previous);
                PrivateDirectories.watch(previous);
                replaced[0] = true;
            }
            try {
                move(staging, destination);
            } catch (IOException e) {
                if (replaced[0]) {
                    move(previous, destination); // put the previous load back
                    PrivateDirectories.keep(previous);
                }
                throw e;
            }
            PrivateDirectories.keep(staging);
        });
        return replaced[0];
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
