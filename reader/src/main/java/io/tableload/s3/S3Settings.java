package io.tableload.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link S3Session} reaches S3 and how hard it pushes. Immutable; the {@code with...}
 * methods return modified copies. {@link #toString()} never shows a secret.
 *
 * @param endpoint the S3 endpoint; when empty, {@code AWS_ENDPOINT_URL_S3}, then
 *     {@code AWS_ENDPOINT_URL}, then AWS's own endpoint for the region
 * @param region the signing region; when empty, the AWS default region chain, else
 *     {@code us-east-1}
 * @param pathStyle whether to address buckets as {@code endpoint/bucket/key} (needed by most
 *     S3-compatible stores) rather than {@code bucket.endpoint/key}
 * @param profile a named profile from the AWS config files; when empty, the default chain
 * @param anonymous whether to send unsigned requests (public buckets)
 * @param credentials static credentials overriding every chain (tests); never printed
 * @param maxConcurrency the most requests in flight at once
 * @param partSize objects larger than this are fetched as ranged parts of this size in parallel,
 *     and uploaded as multipart uploads in parts of this size (at least S3's least, 5 MiB)
 * @param maxBytesInFlight the cap on transfer buffer memory; each of the {@code maxConcurrency}
 *     requests gets an equal share as its copy buffer
 * @param requestTimeout how long a request may wait for the next bytes from the server before
 *     it counts as stalled (and is retried)
 * @param retry how transient failures are retried
 * @param verifyTls whether an {@code https} endpoint's certificate chain and host name are checked
 *     (the default). Turning it off accepts any certificate, so anyone on the network path can
 *     read and change the traffic: only for local or test endpoints with self-signed
 *     certificates, never for real S3
 * @param requesterPays whether requests say the caller pays for them ({@code x-amz-request-payer:
 *     requester}), as a requester-pays bucket demands of everyone but its owner
 */
public record S3Settings(
        Optional<URI> endpoint,
        Optional<String> region,
        boolean pathStyle,
        Optional<String> profile,
        boolean anonymous,
        Optional<S3Credentials> credentials,
        int maxConcurrency,
        long partSize,
        long maxBytesInFlight,
        Duration requestTimeout,
        RetryPolicy retry,
        boolean verifyTls,
        boolean requesterPays) {

    public static final long MIB = 1024L * 1024;

    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retry, "retry");
        if (maxConcurrency < 1 || maxConcurrency > 1024) {
            throw new IllegalArgumentException("maxConcurrency must be within 1..1024, was " + maxConcurrency);
        }
        if (partSize < MIB || partSize > 5L * 1024 * MIB) {
            throw new IllegalArgumentException("partSize must be within 1 MiB..5 GiB, was " + partSize);
        }
        if (maxBytesInFlight < 64 * 1024L * maxConcurrency) {
            throw new IllegalArgumentException("maxBytesInFlight must allow at least 64 KiB per request ("
                    + 64 * 1024L * maxConcurrency + " bytes for " + maxConcurrency + " requests), was " + maxBytesInFlight);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
        }
        endpoint.ifPresent(uri -> {
            if (!isHttpUrl(uri)) {
                throw new IllegalArgumentException("endpoint must be an absolute http(s) URL, was " + uri);
            }
        });
        if (region.isPresent() && region.get().isBlank()) {
            throw new IllegalArgumentException("region must not be empty; leave it unset for the AWS region chain");
        }
        if (profile.isPresent() && profile.get().isBlank()) {
            throw new IllegalArgumentException("profile must not be empty; leave it unset for the default credential chain");
        }
        if (anonymous && credentials.isPresent()) {
            throw new IllegalArgumentException("anonymous access and explicit credentials exclude each other");
        }
    }

    /**
     * The defaults: endpoint, region and credentials from the AWS chains, virtual-host style,
     * 32 requests in flight, 8 MiB parts, 64 MiB of buffers, 30 s request timeout, default retries,
     * TLS certificates verified.
     */
    public static S3Settings defaults() {
        return new S3Settings(Optional.empty(), Optional.empty(), false, Optional.empty(), false,
                Optional.empty(), 32, 8 * MIB, 64 * MIB, Duration.ofSeconds(30), RetryPolicy.defaults(), true, false);
    }

    public S3Settings withEndpoint(URI uri) {
        return new S3Settings(Optional.of(uri), region, pathStyle, profile, anonymous, credentials,
                maxConcurrency, partSize, maxBytesInFlight, requestTimeout, retry, verifyTls, requesterPays);
    }

    public S3Settings withRegion(String name) {
        return new S3Settings(endpoint, Optional.of(name), pathStyle, profile, anonymous, credentials,
                maxConcurrency, partSize, maxBytesInFlight, requestTimeout, retry, verifyTls, requesterPays);
    }

    public S3Settings withPathStyle(boolean on) {
        return new S3Settings(endpoint, region, on, profile, anonymous, credentials,
                maxConcurrency, partSize, maxBytesInFlight, requestTimeout, retry, verifyTls, requesterPays);
    }

    public S3Settings withProfile(String name) {
        return new S3Settings(endpoint, region, pathStyle, Optional.of(name), anonymous, credentials,
                maxConcurrency, partSize, maxBytesInFlight, requestTimeout, retry, verifyTls, requesterPays);
    }

    public S3Settings withAnonymous(boolean on) {
        return new S3Settings(endpoint, region, pathStyle, profile, on, credentials,
                maxConcurrency, partSize, maxBytesInFlight, requestTimeout, retry, verifyTls, requesterPays);
    }

    public S3Settings withCredentials(S3Credentials creds) {
        return new S3Settings(endpoint, region, pathStyle, profile, anonymous, Optional.of(creds),
                maxConcurrency, partSize, maxBytesInFlight, requestTimeout, retry, verifyTls, requesterPays);
    }

    /** Sets the concurrency and raises {@code maxBytesInFlight} if it would fall below 64 KiB per request. */
    public S3Settings withMaxConcurrency(int requests) {
        long bytes = Math.max(maxBytesInFlight, 64 * 1024L * requests);
        return new S3Settings(endpoint, region, pathStyle, profile, anonymous, credentials,
                requests, partSize, bytes, requestTimeout, retry, verifyTls, requesterPays);
    }

    public S3Settings withPartSize(long bytes) {
        return new S3Settings(endpoint, region, pathStyle, profile, anonymous, credentials,
                maxConcurrency, bytes, maxBytesInFlight, requestTimeout, retry, verifyTls, requesterPays);
    }

    public S3Settings withMaxBytesInFlight(long bytes) {
        return new S3Settings(endpoint, region, pathStyle, profile, anonymous, credentials,
                maxConcurrency, partSize, bytes, requestTimeout, retry, verifyTls, requesterPays);
    }

    public S3Settings withRequestTimeout(Duration timeout) {
        return new S3Settings(endpoint, region, pathStyle, profile, anonymous, credentials,
                maxConcurrency, partSize, maxBytesInFlight, timeout, retry, verifyTls, requesterPays);
    }

    public S3Settings withRetry(RetryPolicy policy) {
        return new S3Settings(endpoint, region, pathStyle, profile, anonymous, credentials,
                maxConcurrency, partSize, maxBytesInFlight, requestTimeout, policy, verifyTls, requesterPays);
    }

    /**
     * Whether {@code https} certificates are checked. {@code false} accepts any certificate for any
     * host name: for local or test endpoints with self-signed certificates only, never for real S3.
     */
    public S3Settings withTlsVerification(boolean on) {
        return new S3Settings(endpoint, region, pathStyle, profile, anonymous, credentials,
                maxConcurrency, partSize, maxBytesInFlight, requestTimeout, retry, on, requesterPays);
    }

    /** Whether requests say the caller pays for them, as requester-pays buckets demand. */
    public S3Settings withRequesterPays(boolean on) {
        return new S3Settings(endpoint, region, pathStyle, profile, anonymous, credentials,
                maxConcurrency, partSize, maxBytesInFlight, requestTimeout, retry, verifyTls, on);
    }

    /** The copy buffer each request gets: an equal share of {@code maxBytesInFlight}, at most 1 MiB. */
    public int bufferSize() {
        return (int) Math.min(MIB, maxBytesInFlight / maxConcurrency);
    }

    /** Whether {@code uri} is an absolute {@code http} or {@code https} URL with a host, as an endpoint must be. */
    public static boolean isHttpUrl(URI uri) {
        String scheme = uri.getScheme();
        return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) && uri.getHost() != null;
    }
}
