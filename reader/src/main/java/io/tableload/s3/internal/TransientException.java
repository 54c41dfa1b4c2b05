package io.tableload.s3.internal;

import java.io.IOException;

/** A failure worth retrying that the engine itself detected, such as a body shorter than promised. */
final class TransientException extends IOException {
    private static final long serialVersionUID = 1L;

    TransientException(String message) {
        super(message);
    }
}
