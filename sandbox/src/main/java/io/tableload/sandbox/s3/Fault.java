package io.tableload.sandbox.s3;

/** What {@link FaultProxy} does to a request a {@link FaultRule} selected. */
public enum Fault {
    /** Answer {@code 503 SlowDown} without asking the server, as S3 does when throttling. */
    SLOW_DOWN,
    /** Answer {@code 500 InternalError} without asking the server. */
    INTERNAL_ERROR,
    /** Answer {@code 502 Bad Gateway} without asking the server, as a load balancer would. */
    BAD_GATEWAY,
    /** Answer {@code 504 Gateway Timeout} without asking the server, as a load balancer would. */
    GATEWAY_TIMEOUT,
    /** Forward the request, send the response head and part of the body, then reset the connection. */
    RESET_MID_BODY,
    /** Forward the request, send the response head and part of the body, then close cleanly: the body is short. */
    TRUNCATE_BODY,
    /**
     * Forward the request, but announce half the real body length in {@code Content-Length} and
     * send only that many bytes: a short answer that looks complete on the wire.
     */
    WRONG_LENGTH,
    /** Accept the request and say nothing for the proxy's stall time, then close the connection. */
    STALL,
    /**
     * Forward the request and send the response head at once, then the body one small chunk per
     * trickle interval (see {@link FaultProxy#trickle}): never silent long enough for a read
     * timeout, yet far too slow to finish.
     */
    TRICKLE,
    /**
     * Forward the request and add to the answer the right {@code x-amz-checksum-crc32c} of its
     * body, as S3 does for objects uploaded with checksums (S3Proxy sends none).
     */
    ADD_CHECKSUM,
    /** Like {@link #ADD_CHECKSUM}, but the checksum is of other bytes: the body is not what was stored. */
    WRONG_CHECKSUM,
    /** Forward the request and send the body with chunked transfer encoding instead of a {@code Content-Length}. */
    CHUNKED_BODY,
    /**
     * Answer {@code 403 InvalidObjectState} without asking the server, as S3 answers a GET of an
     * object archived in S3 Glacier Flexible Retrieval or Deep Archive that was not restored.
     */
    ARCHIVED,
    /**
     * Not chosen by rules but by {@link FaultProxy#bucketRegion}: a request signed for another
     * region than the bucket's, answered as AWS answers it.
     */
    WRONG_REGION
}
