package io.tableload.s3.internal;

import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * How S3 says a request went to the wrong region for its bucket: a bucket created in
 * {@code eu-west-1} is answered from there only, and a request signed for (or sent to) another
 * region gets {@code 301 PermanentRedirect}, {@code 307 TemporaryRedirect} or {@code 400
 * AuthorizationHeaderMalformed}, naming the bucket's region in an {@code x-amz-bucket-region}
 * header. The direct GET path follows that header as the SDK's cross-region client does.
 */
final class BucketRegions {
    /** The header in which S3 names a bucket's region. */
    static final String HEADER = "x-amz-bucket-region";

    private static final Set<String> WRONG_REGION_CODES = Set.of("PermanentRedirect", "TemporaryRedirect",
            "AuthorizationHeaderMalformed", "IllegalLocationConstraintException");

    private BucketRegions() {
    }

    /** The bucket's region, when {@code e} is S3 saying the request went to another one. */
    static Optional<String> redirectedTo(Throwable e) {
        if (!(e instanceof AwsServiceException s) || !isWrongRegion(s) || s.awsErrorDetails() == null
                || s.awsErrorDetails().sdkHttpResponse() == null) {
            return Optional.empty();
        }
        return s.awsErrorDetails().sdkHttpResponse().firstMatchingHeader(HEADER).filter(r -> !r.isBlank());
    }

    /** Whether {@code s} is S3 saying the request went to the wrong region, whether or not it names the right one. */
    static boolean isWrongRegion(AwsServiceException s) {
        String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
        return s.statusCode() == 301 || s.statusCode() == 307 || WRONG_REGION_CODES.contains(code);
    }
}
