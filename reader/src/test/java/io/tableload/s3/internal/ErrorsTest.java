package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.S3Url;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

class ErrorsTest {
    private static final S3Url URL = S3Url.parse("s3://lake/sales/part-0.parquet");

    @Test
    void aWrongRegionThatCouldNotBeFollowedSaysToGiveTheBucketsRegion() {
        TableloadException redirect = Errors.translate(s3Error(301, "PermanentRedirect", null), URL, "get", 1);
        TableloadException malformed = Errors.translate(s3Error(400, "AuthorizationHeaderMalformed", "eu-west-1"), URL, "get", 1);

        assertThat(redirect.code()).isEqualTo(ErrorCode.USAGE);
        assertThat(redirect).hasMessage("could not get s3://lake/sales/part-0.parquet: the bucket lake is in another"
                + " region than the one asked of it, and the server answered PermanentRedirect HTTP 301; give the"
                + " bucket's region with --region or AWS_REGION (S3Settings.withRegion)");
        assertThat(malformed.code()).isEqualTo(ErrorCode.USAGE);
        assertThat(malformed).hasMessageContaining("(the server names eu-west-1)")
                .hasMessageContaining("AuthorizationHeaderMalformed HTTP 400");
    }

    @Test
    void otherBadRequestsStayInternalErrors() {
        TableloadException other = Errors.translate(s3Error(400, "InvalidArgument", null), URL, "get", 1);

        assertThat(other.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(other).hasMessageContaining("InvalidArgument HTTP 400");
    }

    private static S3Exception s3Error(int status, String code, String bucketRegion) {
        SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(status);
        if (bucketRegion != null) {
            response.putHeader(BucketRegions.HEADER, bucketRegion);
        }
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).sdkHttpResponse(response.build()).build())
                .build();
    }
}
