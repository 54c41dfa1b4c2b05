package io.tableload.s3.internal;

import io.tableload.s3.ListEntry;
import io.tableload.s3.S3Url;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/** ListObjectsV2 over every page, each page retried on its own. */
final class Lister {
    private final PageSource pages;
    private final Retrier retrier;

    /** One page of a listing, keys decoded. */
    record Page(List<Item> objects, List<String> prefixes, Optional<String> nextToken) {
    }

    /** One object of a page. */
    record Item(String key, long size, Optional<Instant> lastModified, Optional<String> etag) {
    }

    /** Fetches one page: {@link DirectGetter#listPage} or {@link SdkPages}. */
    interface PageSource {
        Page page(String bucket, String prefix, boolean delimited, Optional<String> token, long deadlineNanos)
                throws IOException;
    }

    Lister(PageSource pages, Retrier retrier) {
        this.pages = pages;
        this.retrier = retrier;
    }

    /**
     * Lists {@code prefix}; with {@code delimited}, one level only (common prefixes included).
     * {@code keyOf} turns a full key into the key the caller sees. Results in key order.
     */
    List<ListEntry> list(S3Url prefix, boolean delimited, Function<String, String> keyOf) {
        List<ListEntry> out = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Optional<String> after = token;
            Page page = retrier.run(prefix, "list", (Retrier.TimedAttempt<Page>) deadline ->
                    pages.page(prefix.bucket(), prefix.key(), delimited, after, deadline));
            for (Item o : page.objects()) {
                S3Url url = new S3Url(prefix.bucket(), o.key());
                out.add(new ListEntry(url, keyOf.apply(o.key()), o.size(), o.lastModified(),
                        o.etag().map(Fetcher::strip), false));
            }
            for (String p : page.prefixes()) {
                S3Url url = new S3Url(prefix.bucket(), p);
                out.add(new ListEntry(url, keyOf.apply(p), 0, Optional.empty(), Optional.empty(), true));
            }
            token = page.nextToken();
        } while (token.isPresent());
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

    /** Pages through the SDK's client, where GETs go through it too (behind an HTTP proxy). */
    record SdkPages(Supplier<S3Client> s3) implements PageSource {
        @Override
        public Page page(String bucket, String prefix, boolean delimited, Optional<String> token, long deadlineNanos) {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
                    .bucket(bucket).prefix(prefix).continuationToken(token.orElse(null));
            if (delimited) {
                request.delimiter("/");
            }
            ListObjectsV2Response page = s3.get().listObjectsV2(request.build());
            List<Item> objects = new ArrayList<>();
            for (software.amazon.awssdk.services.s3.model.S3Object o : page.contents()) {
                objects.add(new Item(o.key(), o.size() == null ? 0 : o.size(), Optional.ofNullable(o.lastModified()),
                        Optional.ofNullable(o.eTag())));
            }
            List<String> prefixes = page.commonPrefixes().stream().map(CommonPrefix::prefix).toList();
            return new Page(objects, prefixes, Boolean.TRUE.equals(page.isTruncated())
                    ? Optional.ofNullable(page.nextContinuationToken()) : Optional.empty());
        }
    }
}
