package io.tableload.s3;

import io.tableload.sandbox.s3.S3Server;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

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

    /** An object a test put: what a fetched copy must match. */
    record Put(long size, String sha256) {
    }

    /** Puts {@code data} at {@code key}. */
    static Put put(S3Session s3, String key, byte[] data) {
        s3.put(key, data, PutOptions.defaults());
        return new Put(data.length, Digests.sha256(data));
    }

    /**
     * Puts {@code count} objects of 1 to {@code maxSize} random bytes, named {@code PREFIX0.bin},
     * {@code PREFIX1.bin} and so on; returns them by key, in that order.
     */
    static Map<String, Put> putRandom(S3Session s3, Random random, String prefix, int count, int maxSize) {
        Map<String, Put> put = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[1 + random.nextInt(maxSize)];
            random.nextBytes(data);
            put.put(prefix + i + ".bin", put(s3, prefix + i + ".bin", data));
        }
        return put;
    }
}
