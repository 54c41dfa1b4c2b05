package io.tableload.s3.internal;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a failed local file operation into the error a user can act on: the exit code its cause
 * calls for, the path, the cause in words and what to do. Java reports most causes only through
 * the exception's type (permission denied, file exists) or the C library's text (read-only file
 * system), and a bare path as its message, which says nothing.
 */
public final class LocalFailure {
    private LocalFailure() {
    }

    /**
     * The error for {@code doing} (a verb phrase: "write", "create") {@code path} failing with
     * {@code cause}: {@code NO_ROOM} for a full file system or quota, {@code ACCESS_DENIED} for a
     * place the process may not write (permissions, a read-only file system), {@code USAGE} for a
     * file standing where a directory must be (or the other way round) or a name too long, else
     * {@code INTERNAL}.
     */
    public static TableloadException of(String doing, Path path, IOException cause) {
        return of(doing, path, reason(path, cause), cause);
    }

    /**
     * The same from a cause known only by its text, such as a DuckDB I/O error that carries the C
     * library's message ("Permission denied", "No space left on device").
     */
    public static TableloadException of(String doing, Path path, String reason, Throwable cause) {
        String text = reason.toLowerCase(Locale.ROOT);
        String prefix = "could not " + doing + " " + path + ": ";
        if (text.contains("no space left") || text.contains("disk quota")) {
            return new TableloadException(ErrorCode.NO_ROOM, prefix + "the destination is full ("
                    + reason + "); free space or choose another destination", cause);
        }
        if (cause instanceof AccessDeniedException || text.contains("permission denied")
                || text.contains("operation not permitted") || text.contains("read-only file system")) {
            return new TableloadException(ErrorCode.ACCESS_DENIED, prefix + reason
                    + "; choose a destination this user can write to", cause);
        }
        if (text.contains("file name too long")) {
            return new TableloadException(ErrorCode.USAGE, prefix + reason
                    + "; the file system cannot hold a name that long: choose a shorter destination or local name", cause);
        }
        if (cause instanceof NotDirectoryException || text.contains("not a directory")) {
            return new TableloadException(ErrorCode.USAGE, prefix + reason
                    + "; a file stands where a directory is needed: move it or choose another destination", cause);
        }
        if (text.contains("is a directory")) {
            return new TableloadException(ErrorCode.USAGE, prefix + reason
                    + "; a directory stands where the file must be: move it or choose another destination", cause);
        }
        return new TableloadException(ErrorCode.INTERNAL, prefix + reason, cause);
    }

    /**
     * The cause in words. An exception about a directory on the way to {@code path} (one that
     * could not be made, or a file in its place) names that directory too; one about a name made
     * up beside or inside {@code path} (a partial or temporary file) does not.
     */
    static String reason(Path path, IOException cause) {
        String what;
        String file = null;
        if (cause instanceof FileSystemException f) {
            file = f.getFile();
            // Files.createDirectories reports a file in the way as "already exists" for that file.
            boolean aFileInTheWay = cause instanceof NotDirectoryException || "Not a directory".equals(f.getReason())
                    || (cause instanceof FileAlreadyExistsException && file != null && path.startsWith(file)
                            && !Files.isDirectory(Path.of(file)));
            if (cause instanceof AccessDeniedException) {
                what = "permission denied";
            } else if (cause instanceof NoSuchFileException) {
                what = "no such file or directory";
            } else if (aFileInTheWay) {
                what = "not a directory";
                file = fileInTheWay(path).map(Path::toString).orElse(file);
            } else if (cause instanceof FileAlreadyExistsException) {
                what = "already exists";
            } else {
                what = lowerFirst(Objects.requireNonNullElse(f.getReason(), cause.getClass().getSimpleName()));
            }
        } else {
            what = String.valueOf(cause.getMessage());
        }
        if (file != null && !file.equals(path.toString()) && path.startsWith(file)) {
            return file + ": " + what;
        }
        return what;
    }

    /** The nearest existing ancestor of {@code path} (or itself) when it is not a directory. */
    private static Optional<Path> fileInTheWay(Path path) {
        for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? Optional.empty() : Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** "Operation not permitted" as "operation not permitted", to read as part of a sentence. */
    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
