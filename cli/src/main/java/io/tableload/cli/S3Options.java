package io.tableload.cli;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.S3Settings;
import java.net.URI;
import picocli.CommandLine.Option;

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

    S3Settings settings() {
        try {
            S3Settings s = S3Settings.defaults().withPathStyle(pathStyle).withAnonymous(anonymous)
                    .withMaxConcurrency(concurrency);
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
}
