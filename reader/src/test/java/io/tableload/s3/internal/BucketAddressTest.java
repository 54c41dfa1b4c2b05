package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.s3.S3Credentials;
import io.tableload.s3.S3Settings;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetUrlRequest;

class BucketAddressTest {

    @ParameterizedTest(name = "{0} path-style={1} bucket={2}")
    @CsvSource({
        "http://127.0.0.1:9000, false, bench",
        "http://127.0.0.1:9000, true, bench",
        "http://127.0.0.1:9000/, false, my-bucket",
        "http://10.1.2.3, false, data",
        "https://[::1]:9443, false, data",
        "http://localhost:9000, false, bench",
        "http://localhost:9000, true, bench",
        "https://minio.internal:9443, false, lake-2024",
        "https://minio.internal, false, abc",
        "https://minio.internal/s3, false, lake",
        "https://minio.internal/s3/, true, lake",
        "https://storage.example.com, false, a1b",
    })
    void aPlainAddressIsTheOneTheSdkRulesGive(String endpoint, boolean pathStyle, String bucket) {
        Optional<URI> plain = BucketAddress.ofKeyK(Optional.of(URI.create(endpoint)), pathStyle, bucket);

        assertThat(plain).isPresent();
        assertThat(plain.get()).hasToString(sdkAddress(endpoint, pathStyle, bucket));
    }

    @ParameterizedTest(name = "{0} bucket={1}")
    @CsvSource({
        "https://minio.internal, my.dotted.bucket",
        "https://minio.internal, Upper",
        "https://minio.internal, ab",
        "https://minio.internal, -dash",
        "https://minio.internal, dash-",
        "https://minio.internal, a--b",
    })
    void unusualBucketNamesAreLeftToTheSdk(String endpoint, String bucket) {
        assertThat(BucketAddress.ofKeyK(Optional.of(URI.create(endpoint)), false, bucket)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void withoutAnEndpointTheSdkDecides() {
        assertThat(BucketAddress.ofKeyK(Optional.empty(), true, "bench")).isEmpty();
    }

    private static String sdkAddress(String endpoint, boolean pathStyle, String bucket) {
        S3Settings settings = S3Settings.defaults().withEndpoint(URI.create(endpoint)).withRegion("eu-west-1")
                .withPathStyle(pathStyle).withCredentials(new S3Credentials("id", "secret", Optional.empty()));
        try (S3Client client = ClientFactory.create(settings)) {
            return client.utilities().getUrl(GetUrlRequest.builder().bucket(bucket).key("k").build()).toString();
        }
    }
}
