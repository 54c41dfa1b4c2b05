package io.tableload.s3.internal;

import io.tableload.s3.S3Settings;
import io.tableload.s3.S3Url;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.S3Utilities;
import software.amazon.awssdk.services.s3.model.GetUrlRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Object GETs and listing pages over the JDK's sockets: HTTP/1.1 keep-alive connections, one per
 * request in flight, signed here with {@link SigV4}. That is where loads and copies spend their
 * requests, and the SDK's request pipeline costs about 2.5 ms of CPU per GET (interceptors,
 * endpoint rules, its HTTP client's copies), more than moving a 1 MiB body; this path costs a
 * small fraction of that and reads bodies straight into the buffers files are written from.
 * A bucket's address on a set endpoint is worked out here in the plain cases ({@link BucketAddress});
 * otherwise the SDK's endpoint rules place it ({@link S3Client#utilities()}, once per bucket), so
 * virtual-hosted names and AWS regions mean the same as on the SDK's path.
 */
final class DirectGetter implements ObjectGetter {
    private final Supplier<S3Client> s3;
    private final Optional<URI> endpointOverride;
    private final boolean pathStyle;
    private final AwsCredentialsProvider credentials;
    private final boolean anonymous;
    private final boolean requesterPays;
    /** The region signed for until a bucket's answers name another ({@link BucketRegions}). */
    private final String region;
    private final Map<String, SigV4> signers = new ConcurrentHashMap<>();
    private final long readTimeoutMillis;
    private final int maxIdle;
    private volatile SSLSocketFactory tls;
    private final boolean verifyTls;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();

    /**
     * Where a bucket's objects are ({@code basePath} + the encoded key), and the region requests
     * there are signed for.
     */
    record Endpoint(String scheme, String host, int port, String hostHeader, String basePath, String region) {
        String poolKey() {
            return scheme + "://" + host + ":" + port;
        }
    }

    /** Idle connections to one host. */
    private static final class Pool {
        final ConcurrentLinkedDeque<HttpConnection> idle = new ConcurrentLinkedDeque<>();
        final AtomicInteger size = new AtomicInteger();
    }

    /**
     * @param s3 the SDK's client, asked where a bucket lives when no endpoint is set (AWS itself)
     * @param endpointOverride the endpoint the settings or the environment name
     */
    DirectGetter(Supplier<S3Client> s3, AwsCredentialsProvider credentials, S3Settings settings, String region,
            Optional<URI> endpointOverride) {
        this.s3 = s3;
        this.endpointOverride = endpointOverride;
        this.pathStyle = settings.pathStyle();
        this.credentials = credentials;
        this.anonymous = settings.anonymous();
        this.requesterPays = settings.requesterPays();
        this.region = region;
        this.readTimeoutMillis = Math.max(1, settings.requestTimeout().toMillis());
        this.maxIdle = settings.maxConcurrency() + 4;
        this.verifyTls = settings.verifyTls();
    }

    @Override
    public GetResponse open(GetSpec spec, long deadlineNanos) throws IOException {
        TreeMap<String, String> headers = new TreeMap<>();
        spec.range().ifPresent(r -> headers.put("range", r));
        spec.ifMatch().ifPresent(e -> headers.put("if-match", e.startsWith("\"") ? e : "\"" + e + "\""));
        if (spec.checksums()) {
            headers.put("x-amz-checksum-mode", "ENABLED");
        }
        return send(spec.url().bucket(), spec.url().key(), Map.of(), headers, spec, deadlineNanos);
    }

    /**
     * One page of ListObjectsV2, keys URL-encoded on the wire (so any key survives the XML) and
     * decoded here.
     */
    Lister.Page listPage(String bucket, String prefix, boolean delimited, Optional<String> token, long deadlineNanos)
            throws IOException {
        Map<String, String> query = new TreeMap<>();
        query.put("list-type", "2");
        query.put("prefix", prefix);
        query.put("encoding-type", "url");
        if (delimited) {
            query.put("delimiter", "/");
        }
        token.ifPresent(t -> query.put("continuation-token", t));
        GetSpec spec = new GetSpec(new S3Url(bucket, ""), Optional.empty(), Optional.empty(), false);
        try (GetResponse response = send(bucket, "", query, new TreeMap<>(), spec, deadlineNanos)) {
            return ListingXml.parse(HttpResponse.readAll(response, deadlineNanos));
        }
    }

    private GetResponse send(String bucket, String key, Map<String, String> query, TreeMap<String, String> headers,
            GetSpec spec, long deadlineNanos) throws IOException {
        Endpoint endpoint = endpoints.computeIfAbsent(bucket, b -> endpointOf(b, region));
        byte[] request = request(endpoint, key, query, headers);
        Pool pool = pools.computeIfAbsent(endpoint.poolKey(), k -> new Pool());
        boolean redirected = false;
        while (true) {
            HttpConnection connection = pool.idle.pollFirst();
            if (connection == null) {
                connection = HttpConnection.open(endpoint.scheme(), endpoint.host(), endpoint.port(),
                        endpoint.scheme().equals("https") ? tls() : null, verifyTls);
            } else {
                pool.size.decrementAndGet();
            }
            HttpResponse response = null;
            Pool returnTo = pool;
            try {
                connection.send(request);
                response = HttpResponse.read(connection, spec, deadlineNanos, readTimeoutMillis,
                        c -> release(returnTo, c));
                return response.throwIfError(spec.url());
            } catch (S3Exception e) {
                Optional<String> bucketRegion = BucketRegions.redirectedTo(e);
                if (redirected || bucketRegion.isEmpty() || bucketRegion.get().equals(endpoint.region())) {
                    throw e;
                }
                // The bucket is in another region: from now on every request for it goes there.
                redirected = true;
                String to = bucketRegion.get();
                endpoint = endpoints.compute(bucket,
                        (b, known) -> known != null && known.region().equals(to) ? known : endpointOf(b, to));
                SigV4.unsign(headers);
                request = request(endpoint, key, query, headers);
                pool = pools.computeIfAbsent(endpoint.poolKey(), k -> new Pool());
            } catch (IOException e) {
                connection.close();
                // A kept-alive connection the server has since closed fails before any answer:
                // that says nothing about the request, so it goes again at once on another.
                if (connection.reused && response == null && !(e instanceof java.net.SocketTimeoutException)) {
                    continue;
                }
                throw e;
            } catch (RuntimeException e) {
                if (response == null) {
                    connection.close();
                }
                throw e;
            }
        }
    }

    /** TLS set up on first use only: loading the trusted certificates costs a plain-HTTP endpoint for nothing. */
    private SSLSocketFactory tls() {
        SSLSocketFactory factory = tls;
        if (factory == null) {
            factory = verifyTls ? (SSLSocketFactory) SSLSocketFactory.getDefault() : TrustingTls.socketFactory();
            tls = factory;
        }
        return factory;
    }

    private void release(Pool pool, HttpConnection connection) {
        connection.reused = true;
        if (pool.size.incrementAndGet() <= maxIdle) {
            pool.idle.addFirst(connection); // most recently used first: the least likely to have timed out
        } else {
            pool.size.decrementAndGet();
            connection.close();
        }
    }

    private byte[] request(Endpoint endpoint, String key, Map<String, String> query, TreeMap<String, String> headers) {
        String path = endpoint.basePath() + SigV4.encodePath(key);
        String canonicalQuery = SigV4.canonicalQuery(query);
        headers.put("host", endpoint.hostHeader());
        if (requesterPays) {
            headers.put(ClientFactory.REQUEST_PAYER, "requester");
        }
        if (!anonymous) {
            AwsCredentials identity = credentials.resolveCredentials();
            signers.computeIfAbsent(endpoint.region(), SigV4::new)
                    .sign("GET", path, canonicalQuery, headers, identity, Instant.now());
        }
        StringBuilder text = new StringBuilder(512).append("GET ").append(path)
                .append(canonicalQuery.isEmpty() ? "" : "?" + canonicalQuery).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            text.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        text.append("user-agent: tableload\r\n\r\n");
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The bucket's endpoint in {@code bucketRegion}: worked out here where that is plain
     * ({@link BucketAddress}), else where the SDK's endpoint rules place it (AWS regions and
     * partitions, unusual bucket names).
     */
    Endpoint endpointOf(String bucket, String bucketRegion) {
        GetUrlRequest k = GetUrlRequest.builder().bucket(bucket).key("k").build();
        URI uri = BucketAddress.ofKeyK(endpointOverride, pathStyle, bucket).orElseGet(() -> URI.create(
                (bucketRegion.equals(region) ? s3.get().utilities() : utilities(bucketRegion)).getUrl(k).toString()));
        String path = uri.getRawPath();
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        int defaultPort = scheme.equals("https") ? 443 : 80;
        int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
        String hostHeader = uri.getHost() + (port == defaultPort ? "" : ":" + port);
        return new Endpoint(scheme, uri.getHost(), port, hostHeader, path.substring(0, path.length() - 1), bucketRegion);
    }

    /** The SDK's endpoint rules for another region than the client's, with the same endpoint and addressing. */
    private S3Utilities utilities(String otherRegion) {
        S3Utilities.Builder utilities = S3Utilities.builder().region(Region.of(otherRegion))
                .s3Configuration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
        endpointOverride.ifPresent(utilities::endpoint);
        return utilities.build();
    }

    @Override
    public void close() {
        for (Pool pool : pools.values()) {
            for (HttpConnection c; (c = pool.idle.pollFirst()) != null; ) {
                c.close();
            }
        }
    }
}
