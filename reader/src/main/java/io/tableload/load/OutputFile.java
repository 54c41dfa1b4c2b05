package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.internal.LocalFailure;
import io.tableload.s3.internal.PrivateDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file an extract writes ({@code --output}): written under a hidden partial name beside it,
 * then renamed into place, so that it appears whole or not at all.
 */
final class OutputFile {
    private OutputFile() {
    }

    /**
     * A new hidden name to write the extract under until it is complete. Each call gives another,
     * so two exports to the same file never write into (or delete) each other's partial file: both
     * complete, and the file is the one renamed last, whole.
     */
    static Path newPartial(Path output) {
        Path absolute = output.toAbsolutePath();
        return absolute.resolveSibling("." + absolute.getFileName() + ".tableload-partial-" + System.nanoTime());
    }

    /**
     * Fails, before anything is downloaded, when the output cannot be written: a directory stands
     * at its name, a file stands where a directory must be, or the user may not write there. It
     * makes the missing directories and creates and deletes the partial file, which asks the file
     * system itself rather than guessing from permission bits (which a read-only mount, or root's
     * rights, make wrong).
     */
    static void checkWritable(Path output) {
        Path absolute = output.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new TableloadException(ErrorCode.USAGE, "--output " + output + " is a directory; name a file in it");
        }
        Path partial = newPartial(absolute);
        try {
            Files.createDirectories(absolute.getParent());
            PrivateDirectories.guarded(() -> {
                Files.createFile(partial);
                Files.delete(partial);
            });
        } catch (IOException e) {
            throw LocalFailure.of("write", absolute, e);
        }
    }
}
