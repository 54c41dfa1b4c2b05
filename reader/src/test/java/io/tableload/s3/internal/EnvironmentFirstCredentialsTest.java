package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

class EnvironmentFirstCredentialsTest {
    private static final String[] PROPERTIES = {"aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken",
        "aws.sharedCredentialsFile", "aws.configFile", "aws.profile"};

    @AfterEach
    void clearProperties() {
        for (String p : PROPERTIES) {
            System.clearProperty(p);
        }
    }

    @Test
    void systemPropertiesAnswerAndAreNamedAsTheSource() {
        System.setProperty("aws.accessKeyId", "AKIDFROMPROPERTIES");
        System.setProperty("aws.secretAccessKey", "secret-from-properties");

        AwsCredentials credentials = new EnvironmentFirstCredentials().resolveCredentials();

        assertThat(credentials.accessKeyId()).isEqualTo("AKIDFROMPROPERTIES");
        assertThat(credentials.secretAccessKey()).isEqualTo("secret-from-properties");
        assertThat(credentials.providerName().map(CredentialSource::readable)).hasValue(
                "the JVM system properties aws.accessKeyId / aws.secretAccessKey");
    }

    @Test
    void theSourceThatAnsweredIsAskedAgainOnLaterCalls() {
        System.setProperty("aws.accessKeyId", "AKIDFIRST");
        System.setProperty("aws.secretAccessKey", "first");
        EnvironmentFirstCredentials provider = new EnvironmentFirstCredentials();
        provider.resolveCredentials();
        System.setProperty("aws.accessKeyId", "AKIDROTATED");
        System.setProperty("aws.secretAccessKey", "rotated");

        assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo("AKIDROTATED");
    }

    @Test
    void withoutPropertiesOrEnvironmentTheDefaultChainReadsTheProfileFile(@TempDir Path dir) throws Exception {
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null, "the environment sets credentials itself");
        Path credentialsFile = Files.writeString(dir.resolve("credentials"),
                "[default]\naws_access_key_id = AKIDFROMPROFILE\naws_secret_access_key = secret-from-profile\n");
        Path config = Files.writeString(dir.resolve("config"), "");
        Map.of("aws.sharedCredentialsFile", credentialsFile.toString(), "aws.configFile", config.toString(),
                "aws.profile", "default").forEach(System::setProperty);

        AwsCredentials credentials = new EnvironmentFirstCredentials().resolveCredentials();

        assertThat(credentials.accessKeyId()).isEqualTo("AKIDFROMPROFILE");
        assertThat(credentials.providerName().map(CredentialSource::readable).orElseThrow())
                .contains("a profile in ~/.aws/config or ~/.aws/credentials");
    }
}
