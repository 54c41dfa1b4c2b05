package io.tableload.cli;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.RetryPolicy;
import io.tableload.s3.S3Settings;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** How to reach S3: the options every command that touches S3 carries. */
final class S3Options {
    @Option(names = "--endpoint", paramLabel = "URL",
            description = "S3 endpoint for S3-compatible stores (default: AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL, then AWS).")
    URI endpoint;

    @Option(names = "--region", description = "Signing region (default: the AWS region chain).")
    String region;

    @Option(names = "--path-style", description = "Address buckets as ENDPOINT/BUCKET/KEY, as most S3-compatible stores need.")
    boolean pathStyle;

    @Option(names = "--profile", description = "Named profile from the AWS config files.")
    String profile;

    @Option(names = "--no-sign-request", description = "Send unsigned requests (public buckets).")
    boolean anonymous;

    @Option(names = "--concurrency", paramLabel = "N", description = "Most S3 requests in flight at once (default: ${DEFAULT-VALUE}).",
            defaultValue = "32")
    int concurrency;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "30",
            converter = OptionValues.PositiveSeconds.class,
            description = "How long one S3 request may wait for the server's next bytes before the attempt counts as"
                    + " stalled and is retried (default: ${DEFAULT-VALUE}).")
    Duration requestTimeout;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "5", converter = OptionValues.Count.class,
            description = "How many more times a failed S3 request (or part) is tried after the first attempt, 0 for"
                    + " none (default: ${DEFAULT-VALUE}). Only transient failures are retried.")
    int retries;

    @Option(names = "--no-verify-tls", description = {
        "Accept any TLS certificate and host name from the endpoint: for local or test endpoints with",
        "self-signed certificates only, never for real S3. Without it, an endpoint whose certificate",
        "cannot be verified fails at once with exit code 6."})
    boolean noVerifyTls;

    /** The command this mixin belongs to, whose stderr gets the warning. */
    @Spec(Spec.Target.MIXEE) CommandSpec command;

    private boolean warned;

    /** The settings the options ask for; prints the {@code --no-verify-tls} warning once. */
    S3Settings settings() {
        if (noVerifyTls && !warned) {
            warned = true;
            PrintWriter err = command.commandLine().getErr();
            err.println("tableload: warning: --no-verify-tls: TLS certificates are not checked; anyone on the network"
                    + " path can read and change the data");
            err.flush();
        }
        try {
            S3Settings s = S3Settings.defaults().withPathStyle(pathStyle).withAnonymous(anonymous)
                    .withMaxConcurrency(concurrency).withTlsVerification(!noVerifyTls)
                    .withRequestTimeout(requestTimeout).withRetry(retryPolicy());
            if (endpoint != null) {
                s = s.withEndpoint(endpoint);
            }
            if (region != null) {
                s = s.withRegion(region);
            }
            if (profile != null) {
                s = s.withProfile(profile);
            }
            return s;
        } catch (IllegalArgumentException e) {
            throw new TableloadException(ErrorCode.USAGE, "bad S3 option: " + e.getMessage(), e);
        }
    }

    /**
     * The default backoff with {@code retries + 1} attempts. The overall budget per item grows when
     * needed so that every attempt can use its whole request timeout: otherwise a long
     * {@code --request-timeout} would be cut short by the default budget.
     */
    private RetryPolicy retryPolicy() {
        RetryPolicy d = RetryPolicy.defaults();
        int attempts = retries + 1;
        Duration everyAttempt = requestTimeout.plus(d.maxBackoff()).multipliedBy(attempts);
        Duration overall = everyAttempt.compareTo(d.overallTimeout()) > 0 ? everyAttempt : d.overallTimeout();
        return new RetryPolicy(attempts, d.baseBackoff(), d.maxBackoff(), overall);
    }
}
