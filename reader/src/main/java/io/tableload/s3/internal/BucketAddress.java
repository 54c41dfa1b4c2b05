package io.tableload.s3.internal;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a bucket lives on a set endpoint, in the cases whose answer is plain: the same address
 * the SDK's endpoint rules give ({@code BucketAddressTest} holds the two together), without
 * building an SDK client for it, which costs a short command a third of a CPU-second.
 * <ul>
 *   <li>path-style access asked for, or an endpoint that is an IP address:
 *       {@code scheme://host:port/base/bucket/};</li>
 *   <li>otherwise a bucket whose name is one lower-case DNS label:
 *       {@code scheme://bucket.host:port/base/}.</li>
 * </ul>
 * Anything else (no endpoint, that is AWS itself with its regions and partitions; dotted or
 * unusual bucket names) is left to the SDK.
 */
final class BucketAddress {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

    private BucketAddress() {
    }

    /**
     * The address of key {@code k} in {@code bucket} on {@code endpoint}, when it is plain;
     * empty when the SDK's rules must decide.
     */
    static Optional<URI> ofKeyK(Optional<URI> endpoint, boolean pathStyle, String bucket) {
        if (endpoint.isEmpty() || endpoint.get().getHost() == null) {
            return Optional.empty();
        }
        URI base = endpoint.get();
        String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        if (pathStyle || isIpAddress(base.getHost())) {
            return Optional.of(base.resolve(basePath + "/" + SigV4.encodePath(bucket) + "/k"));
        }
        if (DNS_LABEL.matcher(bucket).matches() && !bucket.contains("--")) {
            String port = base.getPort() < 0 ? "" : ":" + base.getPort();
            return Optional.of(URI.create(base.getScheme() + "://" + bucket + "." + base.getHost() + port
                    + basePath + "/k"));
        }
        return Optional.empty();
    }

    private static boolean isIpAddress(String host) {
        return host.startsWith("[") || IPV4.matcher(host).matches();
    }
}
