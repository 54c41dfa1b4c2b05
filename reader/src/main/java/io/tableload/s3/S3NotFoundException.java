package io.tableload.s3;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.util.Objects;

/** The object or bucket at {@link #url()} does not exist ({@link ErrorCode#NOT_FOUND}). */
public final class S3NotFoundException extends TableloadException {
    private static final long serialVersionUID = 1L;

    private final transient S3Url url;

    public S3NotFoundException(S3Url url, String message) {
        super(ErrorCode.NOT_FOUND, message);
        this.url = Objects.requireNonNull(url, "url");
    }

    /** The address that was asked for. */
    public S3Url url() {
        return url;
    }
}
