package io.tableload.s3.internal;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The SDK's default credential chain, with the chain's own first two sources (the JVM system
 * properties {@code aws.accessKeyId}/{@code aws.secretAccessKey}, then the environment variables
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}) asked on their own before it is built.
 * Where one of them is set, as in most jobs and containers, the rest of the chain (profile files,
 * web identity, SSO, container and instance metadata) is never set up: that takes about 20 ms of
 * CPU and a few hundred classes at every start. The answer is the chain's, which asks the same
 * two sources first; the source that answered is asked again on later calls, as the chain does.
 */
final class EnvironmentFirstCredentials implements AwsCredentialsProvider {
    private final AwsCredentialsProvider[] first = {
        SystemPropertyCredentialsProvider.create(), EnvironmentVariableCredentialsProvider.create()};
    private volatile AwsCredentialsProvider answering;

    @Override
    public AwsCredentials resolveCredentials() {
        AwsCredentialsProvider known = answering;
        if (known != null) {
            return known.resolveCredentials();
        }
        for (AwsCredentialsProvider source : first) {
            try {
                AwsCredentials credentials = source.resolveCredentials();
                answering = source;
                return credentials;
            } catch (SdkClientException notSet) {
                // not set there: the next source
            }
        }
        DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        answering = chain;
        return chain.resolveCredentials();
    }
}
