package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.S3Settings;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointSettingTest {

    @Test
    void theSettingComesFirstThenAwsEndpointUrlS3ThenAwsEndpointUrl() {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL_S3", "http://s3-only:9000", "AWS_ENDPOINT_URL", "http://all:9000");

        assertThat(ClientFactory.endpoint(S3Settings.defaults().withEndpoint(URI.create("https://set:1")), env))
                .contains(URI.create("https://set:1"));
        assertThat(ClientFactory.endpoint(S3Settings.defaults(), env)).contains(URI.create("http://s3-only:9000"));
        assertThat(ClientFactory.endpoint(S3Settings.defaults(), Map.of("AWS_ENDPOINT_URL", " http://all:9000 ")))
                .contains(URI.create("http://all:9000"));
        assertThat(ClientFactory.endpoint(S3Settings.defaults(), Map.of())).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:9000", "ftp://127.0.0.1:9000", "http://", "not a url"})
    void anEnvironmentEndpointThatIsNoHttpUrlIsAUsageErrorNamingTheVariable(String value) {
        assertThatThrownBy(() -> ClientFactory.endpoint(S3Settings.defaults(), Map.of("AWS_ENDPOINT_URL_S3", value)))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("AWS_ENDPOINT_URL_S3 must be an absolute http(s) URL")
                .hasMessageContaining("'" + value + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1:9000", "s3://bucket", "file:///tmp"})
    void anEndpointSettingThatIsNoHttpUrlIsRefused(String value) {
        assertThatThrownBy(() -> S3Settings.defaults().withEndpoint(URI.create(value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("endpoint must be an absolute http(s) URL");
    }
}
