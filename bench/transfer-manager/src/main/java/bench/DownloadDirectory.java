package bench;

import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.CompletedDirectoryDownload;
import software.amazon.awssdk.transfer.s3.model.DownloadDirectoryRequest;

/**
 * Downloads everything under s3://BUCKET/PREFIX into DEST with the S3 Transfer Manager's
 * downloadDirectory, the way the SDK's documentation sets it up.
 *
 * <p>Usage: DownloadDirectory crt|java ENDPOINT BUCKET PREFIX DEST. {@code crt} uses the
 * CRT-based S3AsyncClient the Transfer Manager docs recommend; {@code java} uses the Java-based
 * S3AsyncClient with multipart enabled. Defaults otherwise (part size, target throughput).
 * Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Exits 1 when any object failed.
 */
public final class DownloadDirectory {
    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: DownloadDirectory crt|java ENDPOINT BUCKET PREFIX DEST");
            System.exit(2);
        }
        String client = args[0];
        URI endpoint = URI.create(args[1]);
        String bucket = args[2];
        String prefix = args[3];
        Path dest = Path.of(args[4]);

        try (S3AsyncClient s3 = client(client, endpoint);
                S3TransferManager tm = S3TransferManager.builder().s3Client(s3).build()) {
            CompletedDirectoryDownload done = tm.downloadDirectory(DownloadDirectoryRequest.builder()
                            .bucket(bucket)
                            .listObjectsV2RequestTransformer(list -> list.prefix(prefix))
                            .destination(dest)
                            .build())
                    .completionFuture()
                    .join();
            if (!done.failedTransfers().isEmpty()) {
                done.failedTransfers().stream().limit(5).forEach(f ->
                        System.err.println("failed: " + f.request().getObjectRequest().key() + ": " + f.exception()));
                System.err.println(done.failedTransfers().size() + " objects failed");
                System.exit(1);
            }
        }
    }

    private static S3AsyncClient client(String kind, URI endpoint) {
        switch (kind) {
            case "crt":
                return S3AsyncClient.crtBuilder()
                        .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                        .region(Region.US_EAST_1)
                        .endpointOverride(endpoint)
                        .forcePathStyle(true)
                        .build();
            case "java":
                return S3AsyncClient.builder()
                        .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                        .region(Region.US_EAST_1)
                        .endpointOverride(endpoint)
                        .forcePathStyle(true)
                        .multipartEnabled(true)
                        .build();
            default:
                throw new IllegalArgumentException("client must be crt or java, was " + kind);
        }
    }
}
