package io.tableload.cli;

import io.tableload.s3.Destination;
import io.tableload.s3.PutOptions;
import io.tableload.s3.S3Credentials;
import io.tableload.s3.S3Session;
import io.tableload.s3.S3Settings;
import io.tableload.sandbox.hms.HiveTestData;
import io.tableload.sandbox.s3.S3Server;
import java.util.List;
import java.util.Random;

/**
 * A table {@code DB.blobs} of one partition {@code k=a} holding files of random bytes, named
 * {@code part-N.parquet}: for tests about moving bytes (room, signals), where what is in the
 * files does not matter, only their sizes.
 */
final class BlobTable {
    private BlobTable() {}

    /**
     * Uploads {@code files} files of {@code fileBytes} random bytes and registers the table.
     *
     * @return the table's location, {@code s3://BUCKET/blobs}
     */
    static String create(S3Server s3, String metastoreUri, String database, int files, int fileBytes, long seed) {
        String location = "s3://" + s3.createUniqueBucket(database.replace('_', '-')) + "/blobs";
        S3Settings settings = S3Settings.defaults().withEndpoint(s3.endpoint()).withRegion(s3.region()).withPathStyle(true)
                .withCredentials(S3Credentials.of(s3.accessKey(), s3.secretKey()));
        Random random = new Random(seed);
        try (S3Session session = S3Session.open(settings, new Destination.Memory())) {
            for (int i = 0; i < files; i++) {
                byte[] bytes = new byte[fileBytes];
                random.nextBytes(bytes);
                session.put(location + "/k=a/part-" + i + ".parquet", bytes, PutOptions.defaults());
            }
        }
        try (HiveTestData data = HiveTestData.connect(metastoreUri)) {
            data.createDatabase(database);
            data.table(database, "blobs").column("id", "bigint").partitionKey("k", "string").location(location).create();
            data.addPartitions(database, "blobs", List.of(new HiveTestData.PartitionSpec(List.of("a"), location + "/k=a")));
        }
        return location;
    }
}
