package io.tableload.s3.internal;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.Cancellation;
import io.tableload.s3.PutRequest;
import io.tableload.s3.PutResult;
import io.tableload.s3.S3Url;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One object uploaded in parts sent side by side (S3's multipart upload): how a file larger than
 * the part size goes up, as a single PUT could not go past 5 GiB and would use one connection.
 * Each part is read from the file as it is sent (and again if retried), so memory stays flat;
 * each carries a CRC32 the server checks, and only a failed part is sent again. Any failure,
 * or a cancellation, aborts the upload, so the server keeps no parts; the object appears whole
 * at the end, or not at all. With {@code overwrite=false} the completion carries
 * {@code If-None-Match: *}, so an object that appeared meanwhile is not replaced.
 */
final class MultipartUpload {
    /** S3's smallest part, save the last. */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** S3's most parts in one upload. */
    static final int MAX_PARTS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(MultipartUpload.class);

    private final Supplier<S3Client> s3;
    private final Retrier retrier;
    private final ExecutorService parts;

    /** @param parts where the parts are sent from; it never waits on itself, so sharing it cannot deadlock */
    MultipartUpload(Supplier<S3Client> s3, Retrier retrier, ExecutorService parts) {
        this.s3 = s3;
        this.retrier = retrier;
        this.parts = parts;
    }

    /** The part size for an object of {@code size} bytes: the configured one, at least S3's least, in at most 10,000 parts. */
    static long partSize(long size, long configured) {
        long fewest = (size + MAX_PARTS - 1) / MAX_PARTS;
        return Math.max(Math.max(configured, MIN_PART_SIZE), fewest);
    }

    /**
     * Uploads {@code request}'s {@code size} bytes in parts of {@code partSize}; with
     * {@code overwrite=false} and the key there already, nothing is written.
     */
    PutResult upload(S3Url url, PutRequest request, long size, long partSize, Cancellation cancellation) {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(url.bucket())
                .key(url.key()).metadata(request.options().metadata()).checksumAlgorithm(ChecksumAlgorithm.CRC32);
        request.options().contentType().ifPresent(create::contentType);
        request.options().encryption().ifPresent(sse -> {
            create.serverSideEncryption(sse.algorithm());
            sse.kmsKeyId().ifPresent(create::ssekmsKeyId);
        });
        String uploadId = retrier.run(url, "start uploading to", () -> {
            Errors.throwIfCancelled(cancellation, "uploading to", url);
            return s3.get().createMultipartUpload(create.build()).uploadId();
        });
        try {
            List<CompletedPart> sent = sendParts(url, request, uploadId, size, partSize, cancellation);
            CompleteMultipartUploadRequest.Builder complete = CompleteMultipartUploadRequest.builder()
                    .bucket(url.bucket()).key(url.key()).uploadId(uploadId)
                    .multipartUpload(u -> u.parts(sent));
            if (!request.options().overwrite()) {
                complete.ifNoneMatch("*");
            }
            CompleteMultipartUploadResponse done = retrier.run(url, "finish uploading to", () -> {
                Errors.throwIfCancelled(cancellation, "uploading to", url);
                return s3.get().completeMultipartUpload(complete.build());
            });
            return new PutResult(url, request.key(), size, Optional.ofNullable(done.eTag()).map(Fetcher::strip), true);
        } catch (TableloadException e) {
            abort(url, uploadId);
            if (Writer.isRefusedOverwrite(e, request)) {
                return new PutResult(url, request.key(), 0, Optional.empty(), false);
            }
            throw e;
        } catch (RuntimeException | Error e) {
            abort(url, uploadId);
            throw e;
        }
    }

    private List<CompletedPart> sendParts(S3Url url, PutRequest request, String uploadId, long size, long partSize,
            Cancellation cancellation) {
        int count = (int) ((size + partSize - 1) / partSize);
        AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();
        Cancellation othersFailed = new Cancellation(); // no part is sent or retried once one has failed
        List<CompletableFuture<CompletedPart>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int number = i + 1;
            long offset = i * partSize;
            long length = Math.min(partSize, size - offset);
            futures.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return sendPart(url, request, uploadId, number, offset, length, cancellation, othersFailed);
                } catch (RuntimeException e) {
                    if (firstFailure.compareAndSet(null, e)) {
                        othersFailed.cancel(e instanceof TableloadException t ? t
                                : new TableloadException(ErrorCode.INTERNAL, String.valueOf(e.getMessage()), e));
                    }
                    throw e;
                }
            }, parts));
        }
        // Every part is waited for, failed or not, so that none is still being sent when the upload is aborted.
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(ignored -> null).join();
        if (firstFailure.get() != null) {
            throw firstFailure.get();
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private CompletedPart sendPart(S3Url url, PutRequest request, String uploadId, int number, long offset, long length,
            Cancellation cancellation, Cancellation othersFailed) {
        UploadPartRequest part = UploadPartRequest.builder().bucket(url.bucket()).key(url.key()).uploadId(uploadId)
                .partNumber(number).contentLength(length).checksumAlgorithm(ChecksumAlgorithm.CRC32).build();
        ContentStreamProvider bytes = request.file().isPresent()
                ? new FileSlice(request.file().get(), offset, length)
                : () -> new ByteArrayInputStream(request.bytes().get(), (int) offset, (int) length);
        UploadPartResponse response = retrier.run(url, "upload part " + number + " to", () -> {
            Errors.throwIfCancelled(cancellation, "uploading to", url);
            Errors.throwIfCancelled(othersFailed, "uploading to", url);
            return s3.get().uploadPart(part, RequestBody.fromContentProvider(bytes, length, "application/octet-stream"));
        });
        return CompletedPart.builder().partNumber(number).eTag(response.eTag())
                .checksumCRC32(response.checksumCRC32()).build();
    }

    /** Best effort: the failure that got here is the one to report; a lifecycle rule clears what remains. */
    private void abort(S3Url url, String uploadId) {
        try {
            s3.get().abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(url.bucket()).key(url.key())
                    .uploadId(uploadId).build());
        } catch (RuntimeException e) {
            LOG.debug("could not abort the upload to {}: {}", url, e.getMessage());
        }
    }
}
