package io.tableload.s3.internal;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.S3Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Builds the one SDK client a session uses. The SDK's own retries are switched off: the engine
 * retries itself, because a body cut short is only noticed after the SDK has returned, and
 * because it retries single parts rather than whole objects.
 */
public final class ClientFactory {
    private ClientFactory() {
    }

    /** The endpoint to use: the setting, else {@code AWS_ENDPOINT_URL_S3}, else {@code AWS_ENDPOINT_URL}. */
    static Optional<URI> endpoint(S3Settings settings, Map<String, String> env) {
        if (settings.endpoint().isPresent()) {
            return settings.endpoint();
        }
        for (String name : new String[] {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"}) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                URI uri;
                try {
                    uri = URI.create(value.trim());
                } catch (IllegalArgumentException e) {
                    uri = null;
                }
                if (uri == null || !S3Settings.isHttpUrl(uri)) {
                    throw new TableloadException(ErrorCode.USAGE, name + " must be an absolute http(s) URL such as"
                            + " https://s3.example.com, was '" + value + "'");
                }
                return Optional.of(uri);
            }
        }
        return Optional.empty();
    }

    static Region region(S3Settings settings) {
        if (settings.region().isPresent()) {
            return Region.of(settings.region().get());
        }
        // The chain's first source, read directly: where it is set, the chain (profile files,
        // instance metadata) is not built at all, which saves start-up time.
        String property = System.getProperty("aws.region");
        String fromSystem = property != null && !property.isBlank() ? property : System.getenv("AWS_REGION");
        if (fromSystem != null && !fromSystem.isBlank()) {
            return Region.of(fromSystem.trim());
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (RuntimeException noRegionConfigured) {
            // S3-compatible stores rarely care; AWS names the bucket's region, which is then used.
            return Region.US_EAST_1;
        }
    }

    static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.anonymous()) {
            return AnonymousCredentialsProvider.create();
        }
        if (settings.credentials().isPresent()) {
            var c = settings.credentials().get();
            return StaticCredentialsProvider.create(c.sessionToken().isPresent()
                    ? AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken().get())
                    : AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey()));
        }
        if (settings.profile().isPresent()) {
            return ProfileCredentialsProvider.create(settings.profile().get());
        }
        return new EnvironmentFirstCredentials();
    }

    /** A client sized for {@code settings.maxConcurrency()} requests in flight. */
    public static S3Client create(S3Settings settings) {
        return create(settings, credentials(settings));
    }

    /** A client sized for {@code settings.maxConcurrency()} requests, signing with {@code credentials}. */
    static S3Client create(S3Settings settings, AwsCredentialsProvider credentials) {
        var http = Apache5HttpClient.builder()
                .maxConnections(settings.maxConcurrency() + 4)
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(settings.requestTimeout())
                .connectionAcquisitionTimeout(Duration.ofMinutes(10));
        var builder = S3Client.builder()
                .httpClientBuilder(settings.verifyTls() ? http : trustingAnyCertificate(http))
                .region(region(settings))
                // A bucket in another region is followed there, as the direct GET path does.
                .crossRegionAccessEnabled(true)
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(settings.pathStyle())
                        .build())
                .overrideConfiguration(overrides(settings));
        endpoint(settings, System.getenv()).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The header by which a request says its caller pays for it (requester-pays buckets). */
    static final String REQUEST_PAYER = "x-amz-request-payer";

    private static ClientOverrideConfiguration overrides(S3Settings settings) {
        ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry());
        if (settings.requesterPays()) {
            overrides.putHeader(REQUEST_PAYER, "requester"); // on every request, signed with it
        }
        return overrides.build();
    }

    /**
     * Whether object GETs and listings go through the SDK's client rather than
     * {@link DirectGetter}: when an HTTP proxy is configured (which only the SDK's client knows
     * how to go through), or when the system property {@code tableload.s3.gets=sdk} asks for it.
     */
    static boolean readsThroughSdk(Map<String, String> env) {
        return "sdk".equalsIgnoreCase(System.getProperty(GETS_PROPERTY, "")) || proxied(env);
    }

    /** The system property that picks the GET transport: {@code sdk} or {@code direct} (the default). */
    public static final String GETS_PROPERTY = "tableload.s3.gets";

    /** Whether a proxy is set where the SDK's HTTP client would look for one. */
    static boolean proxied(Map<String, String> env) {
        for (String property : new String[] {"http.proxyHost", "https.proxyHost"}) {
            if (!System.getProperty(property, "").isBlank()) {
                return true;
            }
        }
        for (String name : new String[] {"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"}) {
            if (!env.getOrDefault(name, "").isBlank()) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code http}, told to accept any certificate and any host name. The SDK takes this only as a
     * default attribute, not a builder method; wrapping the builder (rather than building the HTTP
     * client here) keeps the S3 client the owner that closes it.
     */
    private static SdkHttpClient.Builder<?> trustingAnyCertificate(SdkHttpClient.Builder<?> http) {
        return new TrustAllCertificates(http);
    }

    private record TrustAllCertificates(SdkHttpClient.Builder<?> http)
            implements SdkHttpClient.Builder<TrustAllCertificates> {
        @Override
        public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
            AttributeMap trustAll = AttributeMap.builder()
                    .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true)
                    .build();
            return http.buildWithDefaults(trustAll.merge(serviceDefaults));
        }
    }
}
