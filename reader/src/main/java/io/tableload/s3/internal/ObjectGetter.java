package io.tableload.s3.internal;

import io.tableload.s3.S3Url;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The transport under {@link Fetcher}: sends one GET for an object (or a range of it) and hands
 * back the response's head and a body to stream. Two exist: {@link DirectGetter} on the JDK's
 * sockets, the fast one, and {@link SdkGetter} through the AWS SDK's client, used where the direct
 * path does not go (HTTP proxies). Failures are thrown as the SDK would throw them (an
 * {@code S3Exception} for an error answer, an {@link IOException} for the network), so that
 * {@link Errors} and {@link Retrier} treat both transports alike.
 */
interface ObjectGetter extends Closeable {

    /**
     * Sends the GET and reads the response's head. Gives up waiting when {@code deadlineNanos}
     * (a {@link System#nanoTime()} value) passes.
     */
    GetResponse open(GetSpec spec, long deadlineNanos) throws IOException;

    /**
     * What to ask for.
     *
     * @param range an HTTP {@code Range} value such as {@code bytes=0-99}
     * @param ifMatch an ETag the object must still have
     * @param checksums whether to ask for, and check, the object's full-object checksum
     */
    record GetSpec(S3Url url, Optional<String> range, Optional<String> ifMatch, boolean checksums) {
    }

    /**
     * The parts of a response's head the engine uses.
     *
     * @param contentLength the body's length, or -1 when the server did not say
     * @param contentRange the {@code Content-Range} header, or null
     * @param eTag the ETag as sent (quotes included), or null
     */
    record ObjectHead(long contentLength, String contentRange, String eTag, Optional<String> contentType,
            Map<String, String> metadata, Optional<Instant> lastModified) {
    }

    /** A response whose body is being read. Closing it after the whole body was read keeps the connection. */
    interface GetResponse extends Closeable {
        ObjectHead head();

        /**
         * Reads body bytes into {@code dst}, waiting until {@code deadlineNanos} at most; -1 at
         * the end of the body.
         */
        int read(ByteBuffer dst, long deadlineNanos) throws IOException;

        /** Drops the connection instead of reading a body nobody needs. */
        void abort();

        @Override
        void close();
    }
}
