package io.tableload;

import java.util.Objects;

/**
 * The one unchecked exception family of tableload. Every failure that reaches a caller, from the
 * catalog or the S3 engine, is (or is translated into) one of these, carrying an {@link ErrorCode}
 * that maps to the command's exit code. Messages say what was asked, what happened and what to
 * do; they never contain credentials.
 */
public class TableloadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public TableloadException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public TableloadException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The kind of failure, which decides the command's exit code. */
    public ErrorCode code() {
        return code;
    }
}
