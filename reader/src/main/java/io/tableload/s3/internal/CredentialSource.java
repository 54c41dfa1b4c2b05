package io.tableload.s3.internal;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.S3Settings;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The credentials provider a session signs with, remembering where the credentials it handed out
 * came from, so that an access-denied error can say which source to fix. It tells the source and
 * at most the last four characters of the access key id (as the AWS CLI does): never the secret
 * or the session token.
 */
final class CredentialSource implements AwsCredentialsProvider {
    private final AwsCredentialsProvider delegate;
    private final String configured;
    /** The last credentials resolved: described only when an error needs it, not per request. */
    private volatile AwsCredentials resolved;
    /**
     * The first resolution, started when the session opens: walking the default chain (and
     * loading its classes) then overlaps the metastore lookup instead of delaying the first request.
     */
    private volatile CompletableFuture<AwsCredentials> first;

    CredentialSource(AwsCredentialsProvider delegate, S3Settings settings) {
        this.delegate = delegate;
        if (settings.anonymous()) {
            configured = "no credentials (anonymous access was asked for)";
        } else if (settings.credentials().isPresent()) {
            configured = "the credentials given in the session's settings";
        } else if (settings.profile().isPresent()) {
            configured = "the profile '" + settings.profile().get() + "' of the AWS config files";
        } else {
            configured = "the AWS default credential chain";
        }
        first = settings.anonymous() ? null : CompletableFuture.supplyAsync(delegate::resolveCredentials);
    }

    /**
     * The credentials to sign with.
     *
     * @throws TableloadException ({@code ACCESS_DENIED}) when there are none where they were looked
     *     for: a configuration to fix, which no retry would mend, and no request is sent
     */
    @Override
    public AwsCredentials resolveCredentials() {
        try {
            AwsCredentials credentials = resolveOnce();
            resolved = credentials;
            return credentials;
        } catch (SdkClientException e) {
            throw new NoCredentialsException("found no AWS credentials in " + configured + ": "
                    + firstClause(String.valueOf(e.getMessage())) + "; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
                    + " or name a profile of ~/.aws/config (--profile, AWS_PROFILE), or, for a public bucket, send"
                    + " unsigned requests (--no-sign-request, S3Settings.withAnonymous(true))", e);
        }
    }

    /** No credentials where they were looked for: an access-denied error that names its source already. */
    static final class NoCredentialsException extends TableloadException {
        NoCredentialsException(String message, Throwable cause) {
            super(ErrorCode.ACCESS_DENIED, message, cause);
        }
    }

    private AwsCredentials resolveOnce() {
        CompletableFuture<AwsCredentials> started = first;
        if (started == null) {
            return delegate.resolveCredentials();
        }
        first = null; // its outcome, success or failure, is handed out once; later calls ask again
        return EachAtOnce.joined(started);
    }

    /**
     * The SDK's reason without its dump of what it tried: the default chain lists every provider
     * and its own failure, a profile the whole parsed file.
     */
    static String firstClause(String sdkMessage) {
        int end = sdkMessage.length();
        for (String dump : new String[] {" AwsCredentialsProviderChain(", ": ProfileFile("}) {
            int at = sdkMessage.indexOf(dump);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return sdkMessage.substring(0, end).strip();
    }

    /**
     * The SDK names providers by short business-metric codes ({@code f}, {@code n,i}); says in
     * words the ones users meet, and keeps any other code as it is.
     */
    static String readable(String providerName) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (String code : providerName.split(",")) {
            parts.add(switch (code.trim()) {
                case "e" -> "credentials set in code";
                case "f" -> "the JVM system properties aws.accessKeyId / aws.secretAccessKey";
                case "g" -> "the environment variables AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY";
                case "h", "k", "q" -> "a web identity token";
                case "i", "j", "l", "m" -> "AWS STS (an assumed role or session)";
                case "n", "o", "p" -> "a profile in ~/.aws/config or ~/.aws/credentials";
                case "r", "s", "t", "u" -> "AWS IAM Identity Center (SSO)";
                case "v", "w" -> "a credential_process command";
                case "z" -> "the container credentials endpoint";
                case "0" -> "the EC2 instance metadata service";
                default -> "provider " + code.trim();
            });
        }
        return String.join(" via ", parts);
    }

    /** Where the credentials came from, for an error message: a source, never a secret. */
    String describe() {
        AwsCredentials credentials = resolved;
        if (credentials == null) {
            return configured;
        }
        String id = credentials.accessKeyId();
        String tail = id == null || id.length() < 8 ? "" : ", access key id ending in " + id.substring(id.length() - 4);
        return configured + credentials.providerName().map(name -> " (" + readable(name) + tail + ")")
                .orElse(tail.isEmpty() ? "" : " (" + tail.substring(2) + ")");
    }
}
