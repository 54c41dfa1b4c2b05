package io.tableload.s3.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The directories a session has already made and checked with
 * {@link LocalFiles#createDirectoriesInside}, so that a thousand files into one directory walk
 * and check its path once, not a thousand times (about a tenth of a millisecond each). A
 * directory removed since is noticed when a file cannot be created in it: {@link #recheck} then
 * forgets it and checks again. A directory replaced by a link after its check is not noticed,
 * just as a per-file check could not notice one replaced between the check and the write: the
 * check refuses links that were in the destination before the session wrote there, not another
 * writer racing it.
 */
final class CheckedDirectories {
    /** Keys as strings: a record's hash and equality link through method handles on first use, slowly when cold. */
    private final Set<String> checked = ConcurrentHashMap.newKeySet();

    /** Makes {@code directory} inside {@code within}, checked as {@link LocalFiles#createDirectoriesInside} does, unless done before. */
    void ensure(Path within, Path directory) throws IOException {
        String key = key(within, directory);
        if (!checked.contains(key)) {
            LocalFiles.createDirectoriesInside(within, directory);
            checked.add(key);
        }
    }

    /** Forgets {@code directory} and makes and checks it again. */
    void recheck(Path within, Path directory) throws IOException {
        checked.remove(key(within, directory));
        ensure(within, directory);
    }

    private static String key(Path within, Path directory) {
        return within + "\0" + directory; // no path holds a NUL
    }
}
