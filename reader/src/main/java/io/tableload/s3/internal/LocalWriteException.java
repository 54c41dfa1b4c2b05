package io.tableload.s3.internal;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writing a local file failed. Never retried: a full disk does not empty itself.
 */
final class LocalWriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    LocalWriteException(Path file, IOException cause) {
        super(cause.getMessage(), cause);
        this.file = file;
    }

    TableloadException toTableload() {
        String message = String.valueOf(getCause().getMessage());
        if (message.contains("No space left") || message.contains("Disk quota")) {
            return new TableloadException(ErrorCode.NO_ROOM, "could not write " + file
                    + ": the destination is full; free space or choose another destination", getCause());
        }
        return new TableloadException(ErrorCode.INTERNAL, "could not write " + file + ": " + message, getCause());
    }
}
