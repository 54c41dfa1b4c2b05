package io.tableload.cli;

import static io.tableload.cli.Declarations.flag;
import static io.tableload.cli.Declarations.isSet;
import static io.tableload.cli.Declarations.option;
import static io.tableload.cli.Declarations.value;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.RetryPolicy;
import io.tableload.s3.S3Url;
import io.tableload.s3.S3Settings;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** How to reach S3: the options every command that touches S3 carries. */
final class S3Options {
    /**
     * How many URLs of one command are listed at once. Listings wait on S3, not on the CPU; this
     * is as many as the table loader lists partitions at once.
     */
    static final int LISTINGS_AT_ONCE = 32;

    private S3Options() {}

    /**
     * Checks the URLs a command was given, before it starts. An argument such as {@code @urls.txt}
     * is still here only when there was no such file to read arguments from: picocli then passes it
     * on as it is.
     */
    static void checkUrls(List<String> urls) {
        for (String url : urls) {
            if (url.startsWith("@")) {
                throw new TableloadException(ErrorCode.USAGE, "'" + url + "' is not an S3 URL, and there is no file "
                        + url.substring(1) + " to read arguments from");
            }
            S3Url.parse(url);
        }
    }

    /** Adds the S3 options to {@code spec}. */
    static void declare(CommandSpec spec) {
        spec.addOption(option("--endpoint").paramLabel("URL").type(URI.class)
                .description("S3 endpoint for S3-compatible stores (default: AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL, then AWS).")
                .build());
        spec.addOption(option("--region").paramLabel("REGION").converters(new OptionValues.NotEmpty())
                .description("Signing region (default: the AWS region chain).").build());
        spec.addOption(flag("--path-style")
                .description("Address buckets as ENDPOINT/BUCKET/KEY, as most S3-compatible stores need.").build());
        spec.addOption(option("--profile").paramLabel("NAME").converters(new OptionValues.NotEmpty())
                .description("Named profile from the AWS config files.").build());
        spec.addOption(flag("--no-sign-request").description("Send unsigned requests (public buckets).").build());
        spec.addOption(option("--request-payer").paramLabel("requester")
                .description("Pay for the requests, as a requester-pays bucket demands (the only value: requester).")
                .build());
        spec.addOption(option("--concurrency").paramLabel("N").type(int.class).defaultValue("32")
                .description("Most S3 requests in flight at once (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(option("--request-timeout").paramLabel("SECONDS").type(Duration.class).defaultValue("30")
                .converters(new OptionValues.PositiveSeconds())
                .description("How long one S3 request may wait for the server's next bytes before the attempt counts as"
                        + " stalled and is retried (default: ${DEFAULT-VALUE}).")
                .build());
        spec.addOption(option("--retries").paramLabel("N").type(int.class).defaultValue("5")
                .converters(new OptionValues.Count())
                .description("How many more times a failed S3 request (or part) is tried after the first attempt, 0 for"
                        + " none (default: ${DEFAULT-VALUE}). Only transient failures are retried.")
                .build());
        spec.addOption(flag("--no-verify-tls").description(
                "Accept any TLS certificate and host name from the endpoint: for local or test endpoints with"
                        + " self-signed certificates only, never for real S3. Without it, an endpoint whose certificate"
                        + " cannot be verified fails at once with exit code 6.").build());
    }

    /**
     * The settings the parsed options of {@code spec} ask for. With {@code --no-verify-tls}, it
     * first warns on the command's stderr.
     */
    static S3Settings settings(CommandSpec spec) {
        boolean noVerifyTls = isSet(spec, "--no-verify-tls");
        if (noVerifyTls) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("tableload: warning: --no-verify-tls: TLS certificates are not checked; anyone on the network"
                    + " path can read and change the data");
            err.flush();
        }
        Duration requestTimeout = value(spec, "--request-timeout");
        try {
            S3Settings s = S3Settings.defaults().withPathStyle(isSet(spec, "--path-style"))
                    .withAnonymous(isSet(spec, "--no-sign-request"))
                    .withMaxConcurrency(value(spec, "--concurrency")).withTlsVerification(!noVerifyTls)
                    .withRequestTimeout(requestTimeout).withRetry(retryPolicy(value(spec, "--retries"), requestTimeout));
            URI endpoint = value(spec, "--endpoint");
            if (endpoint != null) {
                s = s.withEndpoint(endpoint);
            }
            String region = value(spec, "--region");
            if (region != null) {
                s = s.withRegion(region);
            }
            String profile = value(spec, "--profile");
            if (profile != null) {
                s = s.withProfile(profile);
            }
            String payer = value(spec, "--request-payer");
            if (payer != null) {
                if (!payer.equals("requester")) {
                    throw new IllegalArgumentException("--request-payer takes requester (as the AWS CLI's does), was '"
                            + payer + "'");
                }
                s = s.withRequesterPays(true);
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
    private static RetryPolicy retryPolicy(int retries, Duration requestTimeout) {
        RetryPolicy d = RetryPolicy.defaults();
        int attempts = retries + 1;
        Duration everyAttempt = requestTimeout.plus(d.maxBackoff()).multipliedBy(attempts);
        Duration overall = everyAttempt.compareTo(d.overallTimeout()) > 0 ? everyAttempt : d.overallTimeout();
        return new RetryPolicy(attempts, d.baseBackoff(), d.maxBackoff(), overall);
    }
}
