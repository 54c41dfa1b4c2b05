package io.tableload.s3.internal;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.Cancellation;
import io.tableload.s3.PutRequest;
import io.tableload.s3.PutResult;
import io.tableload.s3.S3Object;
import io.tableload.s3.S3Url;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** HEAD and PUT: one request each, or a multipart upload for an object larger than a part. */
final class Writer {
    private final Supplier<S3Client> s3;
    private final Retrier retrier;
    private final MultipartUpload multipart;
    private final long partSize;

    /** @param partSize objects larger than this (and than S3's 5 MiB least part) go up in parts */
    Writer(Supplier<S3Client> s3, Retrier retrier, MultipartUpload multipart, long partSize) {
        this.s3 = s3;
        this.retrier = retrier;
        this.multipart = multipart;
        this.partSize = Math.max(partSize, MultipartUpload.MIN_PART_SIZE);
    }

    S3Object head(S3Url url, String key) {
        HeadObjectRequest request = HeadObjectRequest.builder().bucket(url.bucket()).key(url.key()).build();
        HeadObjectResponse r = retrier.run(url, "look up", () -> s3.get().headObject(request));
        return S3Object.info(url, key, r.contentLength() == null ? 0 : r.contentLength(),
                Optional.ofNullable(r.contentType()), r.metadata() == null ? Map.of() : r.metadata(),
                Optional.ofNullable(r.lastModified()), Optional.ofNullable(r.eTag()).map(Fetcher::strip));
    }

    /** Why {@code file}, which is not a regular file, cannot be uploaded. */
    private static TableloadException notUploadable(Path file, S3Url url) {
        String prefix = "cannot upload " + file + " to " + url + ": ";
        if (!Files.exists(file)) {
            return new TableloadException(ErrorCode.NOT_FOUND, prefix + "no such file");
        }
        if (Files.isDirectory(file)) {
            return new TableloadException(ErrorCode.USAGE, prefix + "it is a directory (putFiles uploads the files under one)");
        }
        return new TableloadException(ErrorCode.USAGE, prefix + "it is not a regular file");
    }

    /**
     * One PUT, or a {@link MultipartUpload} when the object is larger than a part. With
     * {@code overwrite=false} it carries {@code If-None-Match: *}, so the server refuses
     * atomically (412) when the key exists: no racy HEAD first. Once {@code cancellation} is
     * cancelled, no further attempt is sent.
     */
    PutResult put(S3Url url, PutRequest request, Cancellation cancellation) {
        long size = sizeOf(request, url);
        if (size > partSize) {
            return multipart.upload(url, request, size, MultipartUpload.partSize(size, partSize), cancellation);
        }
        PutObjectRequest.Builder builder = PutObjectRequest.builder().bucket(url.bucket()).key(url.key())
                .metadata(request.options().metadata());
        request.options().contentType().ifPresent(builder::contentType);
        request.options().encryption().ifPresent(sse -> {
            builder.serverSideEncryption(sse.algorithm());
            sse.kmsKeyId().ifPresent(builder::ssekmsKeyId);
        });
        if (!request.options().overwrite()) {
            builder.ifNoneMatch("*");
        }
        PutObjectRequest put = builder.contentLength(size).build();
        try {
            PutObjectResponse response = retrier.run(url, "upload to", () -> {
                Errors.throwIfCancelled(cancellation, "uploading to", url); // before each attempt, retries included
                return s3.get().putObject(put, request.file().isPresent() ? RequestBody.fromFile(request.file().get())
                        : RequestBody.fromBytes(request.bytes().get()));
            });
            return new PutResult(url, request.key(), size, Optional.ofNullable(response.eTag()).map(Fetcher::strip), true);
        } catch (TableloadException e) {
            if (isRefusedOverwrite(e, request)) {
                return new PutResult(url, request.key(), 0, Optional.empty(), false);
            }
            throw e;
        }
    }

    /** The bytes {@code request} uploads; a file that is missing or no regular file is refused. */
    private static long sizeOf(PutRequest request, S3Url url) {
        if (request.file().isEmpty()) {
            return request.bytes().get().length;
        }
        Path file = request.file().get();
        if (!Files.isRegularFile(file)) {
            throw notUploadable(file, url);
        }
        if (!Files.isReadable(file)) { // before any request: no retry can make it readable
            throw new TableloadException(ErrorCode.ACCESS_DENIED, "cannot upload " + file + " to " + url
                    + ": permission denied; this user may not read it");
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new TableloadException(ErrorCode.INTERNAL, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code e} is the server refusing to replace an existing key, as {@code overwrite=false} asked. */
    static boolean isRefusedOverwrite(TableloadException e, PutRequest request) {
        return e.getCause() instanceof S3Exception s && s.statusCode() == 412 && !request.options().overwrite();
    }

    /**
     * Regular files under {@code dir}, sorted by path; links to regular files count as such (their
     * targets are uploaded), links to directories are not followed.
     */
    static List<Path> regularFilesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new TableloadException(Files.exists(dir) ? ErrorCode.USAGE : ErrorCode.NOT_FOUND,
                    dir + " is not a directory; give a directory to upload");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw notListable(dir, e);
        } catch (UncheckedIOException e) { // how the walk reports a directory it cannot read
            throw notListable(dir, e.getCause());
        }
    }

    private static TableloadException notListable(Path dir, IOException e) {
        if (e instanceof AccessDeniedException denied) {
            return new TableloadException(ErrorCode.ACCESS_DENIED, "could not list the files under " + dir + ": "
                    + denied.getFile() + ": permission denied; this user may not read it", e);
        }
        return new TableloadException(ErrorCode.INTERNAL, "could not list the files under " + dir + ": "
                + LocalFailure.reason(dir, e), e);
    }
}
