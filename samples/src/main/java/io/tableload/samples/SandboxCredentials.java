package io.tableload.samples;

import io.tableload.sandbox.s3.S3Server;

/** Points the AWS SDK's default credential chain of this JVM at the sandbox's built-in test credentials. */
final class SandboxCredentials {
    private SandboxCredentials() {}

    static void useFor(S3Server s3) {
        System.setProperty("aws.accessKeyId", s3.accessKey());
        System.setProperty("aws.secretAccessKey", s3.secretKey());
        System.setProperty("aws.region", s3.region());
    }
}
