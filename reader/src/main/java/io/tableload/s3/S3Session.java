package io.tableload.s3;

import io.tableload.s3.internal.DefaultS3Session;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A scope for working with S3: parallel gets, listings and puts against any S3-compatible
 * endpoint, with one bounded pool of requests and, unless told otherwise, a private temporary
 * directory for what it downloads. Thread-safe. Closing it stops its threads and connections and
 * deletes its temporary directory (the JVM's shutdown also deletes it).
 *
 * <h2>Addressing</h2>
 * Opened with a root ({@code s3://bucket/prefix}), every key is relative to the root and full
 * URLs are refused ({@code USAGE}). Opened without one, every key is a full {@code s3://} URL.
 *
 * <h2>Results</h2>
 * Batch results come back in request order; listings in key order per prefix, prefixes in request
 * order. A missing object is an {@link S3NotFoundException} naming its URL, unless
 * {@link GetOptions#returnMissing()} asks for a result whose {@link S3Object#exists()} is false.
 * Calls returning a list are all-or-nothing: they throw the first failure (in request order). The
 * {@code try...} calls and {@link #download} return a {@link BatchResult}: partial failure as
 * data. Every failure is an {@link io.tableload.TableloadException} whose code says what kind.
 */
public interface S3Session extends AutoCloseable {

    /**
     * Starts, on a daemon thread, the one-time set-up in this JVM that a session's first request
     * would otherwise wait for (the JDK's signing algorithms and XML parser), so that a caller
     * with other start-up work, such as parsing a command line, overlaps the two. Optional, and
     * cheap to call again: opening a session starts it too.
     */
    static void prepareInBackground() {
        io.tableload.s3.internal.SessionPreparation.startInBackground();
    }

    /** Opens a session addressing objects by full {@code s3://} URLs. */
    static S3Session open(S3Settings settings, Destination destination) {
        return new DefaultS3Session(settings, Optional.empty(), destination);
    }

    /** Opens a session whose keys are relative to {@code root}. */
    static S3Session open(S3Settings settings, S3Url root, Destination destination) {
        return new DefaultS3Session(settings, Optional.of(root), destination);
    }

    /** The root prefix keys are relative to, if any. */
    Optional<S3Url> root();

    /** The directory downloads go to; empty for a memory-only session. */
    Optional<Path> directory();

    /** The full address a key stands for in this session (validating it). */
    S3Url url(String key);

    /** Downloads one object; a missing one throws {@link S3NotFoundException}. */
    S3Object get(String key);

    /** Downloads one object, or returns a missing result if asked to. */
    S3Object get(String key, GetOptions options);

    /**
     * Downloads a byte range of one object. A range that starts past the end is a {@code USAGE}
     * error; one that starts inside the object but runs past its end is cut at the end, as HTTP
     * does (the result's {@link RangeInfo} says how many bytes came).
     */
    S3Object get(String key, ByteRange range);

    /** Downloads many objects in parallel; all-or-nothing. */
    List<S3Object> getMany(List<String> keys, GetOptions options);

    /** Downloads many objects in parallel; each failure reported in the result. */
    BatchResult<S3Object> tryGetMany(List<String> keys, GetOptions options);

    /**
     * Downloads every object under each prefix (recursively), leaving out folder markers
     * ({@link ListEntry#isFolderMarker()}); all-or-nothing.
     */
    List<S3Object> getRecursive(List<String> prefixes);

    /** Downloads every object under the root (requires a root), as {@link #getRecursive} does. */
    List<S3Object> getAll();

    /** Metadata of one object by HEAD, nothing downloaded. */
    S3Object info(String key, GetOptions options);

    /** Metadata of many objects by parallel HEADs; all-or-nothing. */
    List<S3Object> infoMany(List<String> keys, GetOptions options);

    /**
     * One level under each prefix: objects and common prefixes ({@link ListEntry#isPrefix()}).
     * A prefix given without a trailing {@code /} is listed as a directory.
     */
    List<ListEntry> listPaths(List<String> prefixes);

    /** Every object under each prefix, following pages past 1000 keys. */
    List<ListEntry> listRecursive(List<String> prefixes);

    /** Writes an object from memory. */
    PutResult put(String key, byte[] data, PutOptions options);

    /** Writes an object from UTF-8 text. */
    PutResult put(String key, String text, PutOptions options);

    /** Writes an object from a local file. */
    PutResult put(String key, Path file, PutOptions options);

    /** Writes many objects in parallel; each failure reported in the result. */
    default BatchResult<PutResult> putMany(List<PutRequest> requests) {
        return putMany(requests, new Cancellation());
    }

    /**
     * Like {@link #putMany(List)}, and given up when {@code cancellation} is cancelled: no request
     * is sent or retried after that, and every object not yet written fails with the
     * cancellation's reason. An object whose upload was already under way may still be written:
     * S3 keeps an object whole or not at all, never half.
     */
    BatchResult<PutResult> putMany(List<PutRequest> requests, Cancellation cancellation);

    /**
     * Writes every regular file under {@code localDir} to {@code keyPrefix} + its path relative to
     * {@code localDir} (with {@code /} separators), in parallel; results in path order. A symbolic
     * link to a regular file is uploaded as that file, wherever it points, as {@code aws s3 cp}
     * does; links to directories are not followed. A {@code localDir} that is not there is a
     * {@code NOT_FOUND} error, one that is no directory a {@code USAGE} error, one with a
     * directory this user may not read an {@code ACCESS_DENIED} error, all before any upload.
     */
    default BatchResult<PutResult> putFiles(Path localDir, String keyPrefix, PutOptions options) {
        return putFiles(localDir, keyPrefix, options, new Cancellation());
    }

    /** Like {@link #putFiles(Path, String, PutOptions)}, given up as {@link #putMany(List, Cancellation)} is. */
    BatchResult<PutResult> putFiles(Path localDir, String keyPrefix, PutOptions options, Cancellation cancellation);

    /**
     * The bulk download behind table loads and {@code s3 get --recursive}: fetches each
     * {@link Download} into {@code destination/relativePath} (creating directories), large objects
     * in parallel ranged parts. Refused up front, before any transfer: a relative path that
     * would leave {@code destination} ({@code USAGE}), two different objects bound for one local
     * path ({@code USAGE}: one would silently replace the other), a {@code destination} that is a file
     * ({@code USAGE}) or that cannot be created ({@code ACCESS_DENIED} when the user may not), and
     * a batch whose known size exceeds the room left at {@code destination} ({@code NO_ROOM},
     * saying needed and available bytes).
     * Files are written under a temporary name and renamed when complete and checked, so no
     * half-written file is ever left under its final name. The caller owns the files.
     *
     * @return one item per download, in request order
     */
    default BatchResult<S3Object> download(List<Download> downloads, Path destination, TransferListener listener) {
        return download(downloads, destination, listener, new Cancellation());
    }

    /**
     * Like {@link #download(List, Path, TransferListener)}, and given up when {@code cancellation}
     * is cancelled: it then returns soon, every object not yet complete failed with the
     * cancellation's reason (see {@link Cancellation}).
     */
    BatchResult<S3Object> download(List<Download> downloads, Path destination, TransferListener listener,
            Cancellation cancellation);

    /**
     * Stops all work, closes connections and deletes the session's temporary directory. Calls
     * still running in other threads end at once with a {@code USAGE} error saying the session
     * was closed, the cancellations they were given cancelled with it; close() gives their
     * transfers up to a few seconds to stop before it deletes the directory. Any later call fails
     * with a {@code USAGE} error.
     */
    @Override
    void close();
}
