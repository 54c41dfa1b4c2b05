package io.tableload.sandbox.s3;

/** What {@link FaultProxy} does to a request a {@link FaultRule} selected. */
public enum Fault {
    /** Answer {@code 503 SlowDown} without asking the server, as S3 does when throttling. */
    SLOW_DOWN,
    /** Answer {@code 500 InternalError} without asking the server. */
    INTERNAL_ERROR,
    /** Answer {@code 502 Bad Gateway} without asking the server, as a load balancer would. */
    BAD_GATEWAY,
    /** Forward the request, send the response head and part of the body, then reset the connection. */
    RESET_MID_BODY,
    /** Forward the request, send the response head and part of the body, then close cleanly: the body is short. */
    TRUNCATE_BODY,
    /** Accept the request and say nothing for the proxy's stall time, then close the connection. */
    STALL
}
