package io.tableload.s3.internal;

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
        return LocalFailure.of("write", file, (IOException) getCause());
    }
}
