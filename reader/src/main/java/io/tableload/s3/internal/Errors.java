package io.tableload.s3.internal;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.Cancellation;
import io.tableload.s3.S3NotFoundException;
import io.tableload.s3.S3Url;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Translates failures at the edge: SDK and I/O exceptions become {@link TableloadException}s that
 * name the URL asked for and say what to do. Secrets never appear: SDK messages are not copied
 * for authentication failures, only the error code.
 */
final class Errors {
    private Errors() {
    }

    /** What a wait ended by an interrupt of the waiting thread fails with (the thread stays interrupted). */
    static TableloadException interruptedWait(InterruptedException e) {
        return new TableloadException(ErrorCode.INTERNAL, "interrupted: the thread waiting for it was interrupted", e);
    }

    /** Whether trying the same request again may succeed. */
    static boolean isTransient(Throwable e) {
        if (e instanceof TransientException) {
            return true;
        }
        if (ours(e).isPresent()) {
            return false; // a failure of ours, such as no credentials, that the SDK passed on wrapped
        }
        if (isCertificateFailure(e)) {
            // The same certificate will be presented again: retrying only delays the answer.
            return false;
        }
        if (e instanceof AwsServiceException s) {
            int status = s.statusCode();
            String code = s.awsErrorDetails() == null ? "" : String.valueOf(s.awsErrorDetails().errorCode());
            return status == 500 || status == 502 || status == 503 || status == 504 || status == 429
                    || code.equals("RequestTimeout") || code.equals("SlowDown") || code.equals("InternalError");
        }
        if (e instanceof SdkClientException || e instanceof IOException || e instanceof UncheckedIOException) {
            // Connection refused/reset, read timeouts, bodies cut short: the network's failures.
            // Local disk failures are raised as LocalWriteException and never reach here.
            return !(e.getCause() instanceof LocalWriteException);
        }
        return false;
    }

    /** The exception to hand a caller for {@code e}, which happened while asking for {@code url}. */
    /**
     * Fails for good once {@code cancellation} is cancelled: a {@link TableloadException} with the
     * reason's code, saying "gave up {@code doing} URL", never retried by {@link Retrier}.
     */
    static void throwIfCancelled(Cancellation cancellation, String doing, S3Url url) {
        Optional<TableloadException> why = cancellation.reason();
        if (why.isPresent()) {
            throw new TableloadException(why.get().code(), "gave up " + doing + " " + url + ": " + why.get().getMessage(),
                    why.get());
        }
    }

    /** Whether {@code e} is the server saying a requested range lies outside the object (HTTP 416). */
    static boolean isRangeNotSatisfiable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) { // the retrier wraps it
            if (t instanceof AwsServiceException s) {
                return s.statusCode() == 416
                        || (s.awsErrorDetails() != null && "InvalidRange".equals(s.awsErrorDetails().errorCode()));
            }
        }
        return false;
    }

    /**
     * Whether {@code e} is S3 refusing to read an archived object that was not restored: a 403,
     * but not one about the credentials.
     */
    static boolean isArchived(Throwable e) {
        return e instanceof AwsServiceException s && s.awsErrorDetails() != null
                && "InvalidObjectState".equals(s.awsErrorDetails().errorCode());
    }

    static TableloadException translate(Throwable e, S3Url url, String action, int attempts) {
        Optional<TableloadException> ours = ours(e);
        if (ours.isPresent()) {
            return ours.get();
        }
        if (e instanceof LocalWriteException local) {
            return local.toTableload();
        }
        if (e instanceof AwsServiceException s) {
            int status = s.statusCode();
            String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            if (status == 404 || "NoSuchKey".equals(code) || "NoSuchBucket".equals(code)) {
                String what = "NoSuchBucket".equals(code) ? "the bucket " + url.bucket() + " does not exist" : "no such object";
                return new S3NotFoundException(url, "could not " + action + " " + url + ": " + what
                        + "; check the bucket and key (keys are case-sensitive)");
            }
            if (isArchived(s)) {
                return new TableloadException(ErrorCode.ACCESS_DENIED, "could not " + action + " " + url
                        + ": the object is archived (S3 Glacier Flexible Retrieval or Deep Archive) and cannot be read"
                        + " until it is restored; restore it (aws s3api restore-object), or leave out what holds it", s);
            }
            if (status == 403 || "AccessDenied".equals(code) || "InvalidAccessKeyId".equals(code)
                    || "SignatureDoesNotMatch".equals(code)) {
                return new TableloadException(ErrorCode.ACCESS_DENIED, "could not " + action + " " + url
                        + ": access denied (" + (code == null ? "HTTP " + status : code)
                        + "); check the credentials (profile, AWS_ACCESS_KEY_ID, role) and the bucket policy"
                        + " (a requester-pays bucket also needs --request-payer requester)");
            }
            if (status == 416 || "InvalidRange".equals(code)) {
                return new TableloadException(ErrorCode.USAGE, "could not " + action + " " + url
                        + ": the requested range is outside the object; ask for a range within its size", s);
            }
            if (BucketRegions.isWrongRegion(s)) {
                String named = BucketRegions.redirectedTo(s).map(r -> " (the server names " + r + ")").orElse("");
                return new TableloadException(ErrorCode.USAGE, "could not " + action + " " + url + ": the bucket "
                        + url.bucket() + " is in another region than the one asked of it" + named + ", and the server answered "
                        + (code == null ? "" : code + " ") + "HTTP " + status + "; give the bucket's region with --region or"
                        + " AWS_REGION (S3Settings.withRegion)", s);
            }
            if (isTransient(e)) {
                return new TableloadException(ErrorCode.UNREACHABLE, "could not " + action + " " + url + ": the server kept failing ("
                        + code + ", HTTP " + status + ") after " + attempts + " attempt(s); try again later or lower the concurrency", e);
            }
            return new TableloadException(ErrorCode.INTERNAL, "could not " + action + " " + url + ": the server answered "
                    + (code == null ? "" : code + " ") + "HTTP " + status, e);
        }
        if (isCertificateFailure(e)) {
            return new TableloadException(ErrorCode.UNREACHABLE, "could not " + action + " " + url
                    + ": TLS certificate verification of the endpoint failed (" + describe(e) + "); check the endpoint URL,"
                    + " or, only for a local or test endpoint with a self-signed certificate, turn the check off"
                    + " with --no-verify-tls (S3Settings.withTlsVerification(false))", e);
        }
        if (isTransient(e)) {
            return new TableloadException(ErrorCode.UNREACHABLE, "could not " + action + " " + url + " after "
                    + attempts + " attempt(s): " + describe(e) + "; check the endpoint and the network", e);
        }
        if (e instanceof SdkException) {
            return new TableloadException(ErrorCode.INTERNAL, "could not " + action + " " + url + ": " + describe(e), e);
        }
        return new TableloadException(ErrorCode.INTERNAL, "could not " + action + " " + url + ": " + describe(e), e);
    }

    /**
     * Whether {@code e} says the server's certificate was not trusted or did not name the host:
     * a handshake that failed on the certificate, not one cut short by the network.
     */
    static boolean isCertificateFailure(Throwable e) {
        boolean handshake = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLPeerUnverifiedException) {
                return true;
            }
            handshake |= t instanceof SSLHandshakeException;
            if (handshake && t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    /** {@code e} or its cause when it is one of ours: the SDK wraps what a credentials provider throws. */
    private static Optional<TableloadException> ours(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TableloadException found) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    /** The innermost message, which is usually the one that says what went wrong. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
