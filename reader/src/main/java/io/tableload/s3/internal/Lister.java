package io.tableload.s3.internal;

import io.tableload.s3.ListEntry;
import io.tableload.s3.S3Url;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** ListObjectsV2 over every page, each page retried on its own. */
final class Lister {
    private final S3Client s3;
    private final Retrier retrier;

    Lister(S3Client s3, Retrier retrier) {
        this.s3 = s3;
        this.retrier = retrier;
    }

    /**
     * Lists {@code prefix}; with {@code delimited}, one level only (common prefixes included).
     * {@code keyOf} turns a full key into the key the caller sees. Results in key order.
     */
    List<ListEntry> list(S3Url prefix, boolean delimited, Function<String, String> keyOf) {
        List<ListEntry> out = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
                    .bucket(prefix.bucket()).prefix(prefix.key()).continuationToken(token);
            if (delimited) {
                request.delimiter("/");
            }
            ListObjectsV2Request built = request.build();
            ListObjectsV2Response page = retrier.run(prefix, "list", () -> s3.listObjectsV2(built));
            for (S3Object o : page.contents()) {
                S3Url url = new S3Url(prefix.bucket(), o.key());
                out.add(new ListEntry(url, keyOf.apply(o.key()), o.size() == null ? 0 : o.size(),
                        Optional.ofNullable(o.lastModified()), Optional.ofNullable(o.eTag()).map(Fetcher::strip), false));
            }
            for (CommonPrefix p : page.commonPrefixes()) {
                S3Url url = new S3Url(prefix.bucket(), p.prefix());
                out.add(new ListEntry(url, keyOf.apply(p.prefix()), 0, Optional.empty(), Optional.empty(), true));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        // S3 returns UTF-8 binary order; sort the merged objects and prefixes the same way.
        out.sort(Comparator.comparing(e -> e.url().key(), Lister::compareUtf8));
        return out;
    }

    /** S3's key order: unsigned comparison of the UTF-8 bytes. */
    static int compareUtf8(String a, String b) {
        byte[] x = a.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] y = b.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Arrays.compareUnsigned(x, y);
    }
}
