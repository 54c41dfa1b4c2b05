package io.tableload.s3;

import io.tableload.sandbox.s3.S3Server;
import java.net.URI;
import java.time.Duration;

/** Settings and sessions pointed at a sandbox server, for tests. */
final class Sessions {
    private Sessions() {
    }

    static S3Settings settings(URI endpoint) {
        return S3Settings.defaults()
                .withEndpoint(endpoint)
                .withRegion(S3Server.REGION)
                .withPathStyle(true)
                .withCredentials(S3Credentials.of(S3Server.ACCESS_KEY, S3Server.SECRET_KEY))
                .withMaxConcurrency(8)
                .withRetry(new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(30)));
    }

    static S3Settings settings(S3Server server) {
        return settings(server.endpoint());
    }
}
