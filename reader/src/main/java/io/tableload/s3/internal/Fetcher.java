package io.tableload.s3.internal;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.ByteRange;
import io.tableload.s3.Cancellation;
import io.tableload.s3.RangeInfo;
import io.tableload.s3.S3NotFoundException;
import io.tableload.s3.S3Object;
import io.tableload.s3.S3Settings;
import io.tableload.s3.S3Url;
import io.tableload.s3.TransferListener;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.nio.ByteBuffer;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The download engine. Design in brief:
 *
 * <ul>
 *   <li>Every request (a whole small object, or one part of a large one) is one task on the
 *       session's fixed pool of {@code maxConcurrency} threads, so requests in flight are bounded
 *       by the pool, and memory by one copy buffer per thread.</li>
 *   <li>An object whose size is known and at most one part is fetched by one plain GET (the
 *       server's full-object checksum, when it sends one, is then checked). A larger
 *       known size is split at once into ranged parts, all queued together. An unknown size is
 *       learned from the first ranged part ({@code Content-Range}); the rest follow it, pinned
 *       to the first part's ETag with {@code If-Match}.</li>
 *   <li>Parts stream straight from the socket into one file at their offsets (positional writes,
 *       no reassembly). Each part's length is checked against what was asked; a short body is
 *       retried, as are the transient failures {@link Errors#isTransient} names, for that part
 *       only, and for a part of a split object from the first byte it lacks. When every part is in,
 *       all parts must have seen the same ETag, then the file is renamed into place. A failed
 *       object's partial file is deleted.</li>
 * </ul>
 */
final class Fetcher {

    private final ObjectGetter getter;
    private final Executor pool;
    private final long partSize;
    private final int maxConcurrency;
    private final int bufferSize;
    private final Retrier retrier;
    private final CheckedDirectories directories = new CheckedDirectories();

    /**
     * Where one object goes: a file path inside the directory {@code within}, or memory when
     * {@code file} is empty.
     */
    record Target(Optional<Path> file, Optional<Path> within) {
        static Target memory() {
            return new Target(Optional.empty(), Optional.empty());
        }

        static Target file(Path file, Path within) {
            return new Target(Optional.of(file), Optional.of(within));
        }
    }

    /**
     * One object (or range of one) to fetch.
     *
     * @param key the key as the caller wrote it, for the result
     * @param knownSize the object's size when known from a listing
     * @param range a byte range instead of the whole object
     */
    record Job(S3Url url, String key, OptionalLong knownSize, Optional<ByteRange> range, Target target,
            boolean returnMissing) {
    }

    Fetcher(ObjectGetter getter, Executor pool, S3Settings settings, Retrier retrier) {
        this.getter = getter;
        this.pool = pool;
        this.partSize = settings.partSize();
        this.maxConcurrency = settings.maxConcurrency();
        this.bufferSize = settings.bufferSize();
        this.retrier = retrier;
    }

    /**
     * Starts fetching, given up once {@code cancellation} is cancelled; the future completes with
     * the checked result or a {@link TableloadException}.
     */
    CompletableFuture<S3Object> submit(Job job, TransferListener listener, Cancellation cancellation) {
        return submit(job, listener, partSize, cancellation);
    }

    /**
     * The part size for a batch of {@code batchBytes}: the configured one, raised (to whole MiB)
     * until the batch makes about {@link #streamsToSplitFor} requests. All parts of an object
     * write into one file, and a file system serializes writes into one file (tmpfs takes the
     * inode lock for each), so finer parts only queue more writers on the same file; and every
     * stream beyond what the cores can serve costs CPU in smaller socket reads and more wake-ups.
     */
    long partSizeFor(long batchBytes) {
        return partSizeFor(batchBytes, partSize,
                streamsToSplitFor(maxConcurrency, Runtime.getRuntime().availableProcessors()));
    }

    /** {@code batchBytes} shared out among {@code streams}, in whole MiB, at least {@code floor}. */
    static long partSizeFor(long batchBytes, long floor, int streams) {
        long perStream = (batchBytes + streams - 1) / streams;
        long wholeMib = (perStream + S3Settings.MIB - 1) / S3Settings.MIB * S3Settings.MIB;
        return Math.min(5L * 1024 * S3Settings.MIB, Math.max(floor, wholeMib));
    }

    /**
     * How many streams a batch of large objects is split into: four per core, at most the
     * requests allowed in flight. On two cores, 8 objects of 128 MiB fetched whole came in 11%
     * faster than in 32 parts, and a 2 GiB object in 8 parts 5% faster than in 32 and 30% faster
     * than in 256 (bench/README.md, "How finely to split"). A network stream from S3 itself
     * carries 50-100 MB/s, so four per core still bring a core more than it can write.
     */
    static int streamsToSplitFor(int maxConcurrency, int cores) {
        return Math.max(1, Math.min(maxConcurrency, 4 * cores));
    }

    /**
     * Like {@link #submit(Job, TransferListener)}, splitting large objects into parts of
     * {@code splitSize}, and given up once {@code cancellation} is cancelled.
     */
    CompletableFuture<S3Object> submit(Job job, TransferListener listener, long splitSize, Cancellation cancellation) {
        Transfer transfer = new Transfer(job, listener, splitSize, cancellation);
        long partSize = splitSize;
        long size = job.knownSize().orElse(-1);
        if (job.range().isPresent()) {
            ByteRange r = job.range().get();
            if (r.isSuffix() || r.length() <= partSize) {
                transfer.single(r.header(), -1);
            } else {
                transfer.probe(r.offset(), r.length());
            }
        } else if (size >= 0 && size <= partSize) {
            transfer.single(null, size);
        } else if (size > partSize) {
            transfer.splitKnown(size);
        } else {
            transfer.probe(0, Long.MAX_VALUE);
        }
        return transfer.result;
    }

    /** The state of one object in flight. */
    private final class Transfer {
        final Job job;
        final TransferListener listener;
        final Cancellation cancellation;
        final CompletableFuture<S3Object> result = new CompletableFuture<>();
        final AtomicBoolean failed = new AtomicBoolean();
        final AtomicInteger partsLeft = new AtomicInteger();
        volatile Sink sink;
        final java.util.concurrent.atomic.AtomicReference<String> etag = new java.util.concurrent.atomic.AtomicReference<>();
        volatile ObjectGetter.ObjectHead first;
        volatile boolean probing;
        volatile long start;
        volatile long length;
        volatile long total;
        final long partSize;

        Transfer(Job job, TransferListener listener, long partSize, Cancellation cancellation) {
            this.job = job;
            this.listener = listener;
            this.cancellation = cancellation;
            this.partSize = partSize;
        }

        /**
         * One request for everything: a small object (of known {@code size}), or a small or
         * suffix range ({@code size} -1: only the response can say).
         */
        void single(String rangeHeader, long size) {
            partsLeft.set(1);
            pool.execute(() -> run(deadline -> {
                fetch(request(Optional.ofNullable(rangeHeader), Optional.empty(), true), 0, size, true, deadline);
            }));
        }

        /** A known size larger than one part: queue every part now. */
        void splitKnown(long size) {
            start = 0;
            length = size;
            total = size;
            sink = newSink(size);
            queueParts(0, partSize);
        }

        /** Unknown size (or a large range): fetch the first part, learn the size, then queue the rest. */
        void probe(long offset, long wanted) {
            partsLeft.set(1);
            probing = true;
            pool.execute(() -> run(deadline -> {
                long firstLength = Math.min(partSize, wanted);
                ObjectGetter.GetSpec request = request(Optional.of(rangeHeader(offset, firstLength)), Optional.empty(), false);
                try {
                    fetch(request, 0, firstLength, true, deadline);
                } catch (S3Exception e) {
                    if (e.statusCode() == 416 && offset == 0 && job.range().isEmpty()) {
                        // An empty object has no byte 0 to range over: fetch it whole.
                        fetch(request(Optional.empty(), Optional.empty(), false), 0, 0, true, deadline);
                        return;
                    }
                    throw e;
                }
            }));
        }

        /** Queues parts of {@code step} bytes from {@code from} to the end. */
        private void queueParts(long from, long step) {
            int parts = (int) ((length - from + step - 1) / step);
            partsLeft.addAndGet(parts);
            for (long at = from; at < length; at += step) {
                long offset = at;
                long partLength = Math.min(step, length - at);
                // Outlives the part's attempts: a retry after a body cut short asks for the rest only.
                AtomicLong received = new AtomicLong();
                pool.execute(() -> run(deadline -> {
                    long done = received.get();
                    if (done == partLength) {
                        return; // every byte arrived; what failed came after
                    }
                    String pinned = etag.get();
                    // Parts after a probe, and the rest of a part, must come from the same version
                    // as the bytes already kept.
                    Optional<String> ifMatch = from > 0 || done > 0 ? Optional.ofNullable(pinned) : Optional.empty();
                    fetch(request(Optional.of(rangeHeader(start + offset + done, partLength - done)), ifMatch, false),
                            offset + done, partLength - done, offset == 0 && done == 0, deadline, received);
                }));
            }
        }

        private ObjectGetter.GetSpec request(Optional<String> range, Optional<String> ifMatch, boolean checksums) {
            return new ObjectGetter.GetSpec(job.url(), range, ifMatch, checksums);
        }

        private void run(Part part) {
            if (failed.get()) {
                return;
            }
            try {
                retrier.run(job.url(), "download", (Retrier.TimedAttempt<Void>) deadline -> {
                    if (failed.get()) {
                        return null;
                    }
                    throwIfCancelled(); // before each attempt: a cancelled batch sends no more requests
                    part.run(deadline);
                    return null;
                });
                if (partsLeft.decrementAndGet() == 0 && !failed.get()) {
                    finish();
                }
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        /**
         * Streams one response into the sink at {@code offset}. {@code expected} is the length asked
         * for, or -1 when only the response can say. {@code isFirst} marks the response whose
         * headers describe the object. Nothing may go on past {@code deadline}: the SDK gives up
         * waiting for the response head then, and the copy loop stops a body that trickles in.
         */
        private void fetch(ObjectGetter.GetSpec request, long offset, long expected, boolean isFirst, long deadline) {
            fetch(request, offset, expected, isFirst, deadline, new AtomicLong());
        }

        /** Like the above, adding every byte written into the sink to {@code received}. */
        private void fetch(ObjectGetter.GetSpec request, long offset, long expected, boolean isFirst, long deadline,
                AtomicLong received) {
            try (ObjectGetter.GetResponse in = getter.open(request, deadline)) {
                ObjectGetter.ObjectHead response = in.head();
                long bodyLength = response.contentLength();
                checkListedSize(response, in);
                String lengthProblem = lengthProblem(response, bodyLength);
                if (lengthProblem != null) {
                    in.abort(); // a body we will not use: drop the connection rather than read it
                    throw new java.io.UncheckedIOException(new TransientException(job.url() + ": " + lengthProblem));
                }
                if (isFirst) {
                    describe(response, bodyLength);
                }
                if (response.eTag() != null) {
                    // Every part must come from the same version of the object.
                    String seen = strip(response.eTag());
                    String before = etag.compareAndExchange(null, seen);
                    if (before != null && !before.equals(seen)) {
                        throw new TableloadException(ErrorCode.INTERNAL, job.url() + " changed while it was being"
                                + " downloaded (ETag " + before + " then " + seen + "); download it again");
                    }
                }
                long want = expected >= 0 && expected != Long.MAX_VALUE ? Math.min(expected, length - offset) : bodyLength;
                long got = copy(in, offset, want, deadline, received);
                if (want >= 0 && got != want) {
                    throw new java.io.UncheckedIOException(new TransientException("body of " + job.url()
                            + " cut short at offset " + (start + offset) + ": got " + got + " of " + want + " bytes"));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /**
         * Why the response's lengths cannot be trusted, or null: a {@code Content-Length} that
         * disagrees with its own {@code Content-Range}, or a whole object whose length differs from
         * the size it was listed with (the object may have been replaced, but a length mangled on
         * the way looks the same). Either means the body would be short (or long) while looking
         * complete, so the request is retried rather than its bytes kept.
         */
        private String lengthProblem(ObjectGetter.ObjectHead response, long bodyLength) {
            String contentRange = response.contentRange();
            if (contentRange != null && bodyLength >= 0) {
                long span = endFrom(contentRange) - startFrom(contentRange) + 1;
                if (span != bodyLength) {
                    return "Content-Length " + bodyLength + " disagrees with Content-Range " + contentRange;
                }
            }
            if (job.range().isEmpty() && job.knownSize().isPresent() && contentRange == null
                    && bodyLength >= 0 && bodyLength != job.knownSize().getAsLong()) {
                return "the server sent " + bodyLength + " bytes but the object was listed with "
                        + job.knownSize().getAsLong() + " (if it was replaced since, list it again)";
            }
            return null;
        }

        /**
         * Fails for good, without a retry, when the object's size in a {@code Content-Range}
         * differs from the size it was listed with: the object was replaced since, and asking again
         * will not bring the old one back.
         */
        private void checkListedSize(ObjectGetter.ObjectHead response, ObjectGetter.GetResponse in) {
            String contentRange = response.contentRange();
            if (job.range().isEmpty() && job.knownSize().isPresent() && contentRange != null) {
                long size = totalFrom(contentRange);
                if (size >= 0 && size != job.knownSize().getAsLong()) {
                    in.abort();
                    throw replacedSinceListed(size + " bytes on the server");
                }
            }
        }

        /** The error for an object whose size on the server ({@code found}) is not the size it was listed with. */
        private TableloadException replacedSinceListed(String found) {
            return new TableloadException(ErrorCode.INTERNAL, job.url() + " is " + found + " but was listed with "
                    + job.knownSize().getAsLong() + " bytes: it was replaced since; list it again (for a table, run"
                    + " the load again)");
        }

        /** Learns size, ETag and metadata from the first response and sets up the sink and the other parts. */
        private void describe(ObjectGetter.ObjectHead response, long bodyLength) {
            synchronized (this) {
                if (first != null) {
                    return; // a retried first part: everything is already set up
                }
                String contentRange = response.contentRange();
                // A whole object sent chunked has no length on the wire: the listing's size stands in.
                long objectSize = contentRange != null ? totalFrom(contentRange)
                        : bodyLength >= 0 ? bodyLength : job.knownSize().orElse(-1);
                long rangeStart = contentRange == null ? 0 : startFrom(contentRange);
                total = objectSize;
                if (sink == null) {
                    start = rangeStart;
                    long wanted = job.range().map(r -> r.isSuffix() ? bodyLength : r.length()).orElse(objectSize);
                    length = Math.max(0, Math.min(wanted, objectSize - rangeStart));
                    sink = newSink(length);
                    if (probing && length > partSize) {
                        // A probe: the first part is this response. The rest, now of known size,
                        // is split as a batch of its own would be.
                        queueParts(partSize, Math.max(partSize, partSizeFor(length - partSize)));
                    }
                }
                first = response;
            }
        }

        /**
         * Copies the body into the sink. The buffer is filled before each write (the socket hands
         * over a few KiB per read), so the file sees few large positional writes: each write takes
         * the file's lock, which every part of the object contends for.
         */
        private long copy(ObjectGetter.GetResponse in, long offset, long want, long deadline, AtomicLong received)
                throws java.io.IOException {
            // Direct: the socket reads into it and the file writes from it without copies through the heap.
            ByteBuffer buffer = DirectBufferPool.SHARED.take(bufferSize);
            try {
                return copy(in, buffer, offset, want, deadline, received);
            } finally {
                DirectBufferPool.SHARED.give(buffer);
            }
        }

        private long copy(ObjectGetter.GetResponse in, ByteBuffer buffer, long offset, long want, long deadline,
                AtomicLong received) throws java.io.IOException {
            long got = 0;
            boolean end = false;
            while (!end && (want < 0 || got < want)) {
                buffer.clear();
                if (want >= 0) {
                    buffer.limit((int) Math.min(buffer.capacity(), want - got));
                }
                while (buffer.hasRemaining()) {
                    int n = in.read(buffer, deadline);
                    if (n <= 0) {
                        end = true;
                        break;
                    }
                    if (failed.get() || cancellation.isCancelled()) {
                        in.abort(); // another part failed, or the batch was cancelled: drop the connection, do not drain it
                        throwIfCancelled();
                        return got;
                    }
                    if (System.nanoTime() - deadline > 0 && (want < 0 || got + buffer.position() < want)) {
                        in.abort();
                        throw new TransientException("body of " + job.url() + " arrived too slowly: " + (got + buffer.position())
                                + " bytes at offset " + (start + offset) + " when the retry budget ran out");
                    }
                }
                int filled = buffer.flip().remaining();
                if (filled > 0) {
                    sink.write(buffer, offset + got);
                    got += filled;
                    received.addAndGet(filled);
                    listener.bytesTransferred(filled);
                }
            }
            return got;
        }

        /** Fails this part for good (no retry: not a transient error) when the batch was cancelled. */
        private void throwIfCancelled() {
            Errors.throwIfCancelled(cancellation, "downloading", job.url());
        }

        private void finish() {
            try {
                Sink.Committed done = sink.commit();
                ObjectGetter.ObjectHead r = first;
                Optional<String> contentType = r.contentType();
                Map<String, String> meta = r.metadata();
                Optional<Instant> modified = r.lastModified();
                Optional<RangeInfo> rangeInfo = job.range().map(x -> new RangeInfo(total, start, length));
                S3Object object = done.file().isPresent()
                        ? S3Object.inFile(job.url(), job.key(), length, done.file().get(), contentType, meta, modified,
                                Optional.ofNullable(etag.get()), rangeInfo)
                        : S3Object.inMemory(job.url(), job.key(), done.memory(), contentType, meta, modified,
                                Optional.ofNullable(etag.get()), rangeInfo);
                listener.objectDone(job.url(), true);
                result.complete(object);
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        private void fail(RuntimeException e) {
            if (!failed.compareAndSet(false, true)) {
                return;
            }
            Sink s = sink;
            if (s != null) {
                s.abort();
            }
            TableloadException error = Errors.translate(e instanceof java.io.UncheckedIOException u ? u.getCause() : e,
                    job.url(), "download", 1);
            if (job.range().isEmpty() && job.knownSize().isPresent() && Errors.isRangeNotSatisfiable(e)) {
                // A part of the listed size lies past the object's end: it shrank since it was listed.
                error = replacedSinceListed("smaller on the server");
            }
            listener.objectDone(job.url(), false);
            if (error instanceof S3NotFoundException && job.returnMissing() && first == null) {
                result.complete(S3Object.missing(job.url(), job.key()));
            } else {
                result.completeExceptionally(error);
            }
        }

        private Sink newSink(long size) {
            return job.target().file().<Sink>map(p -> new Sink.File(job.target().within().orElseThrow(), p, directories))
                    .orElseGet(() -> new Sink.Memory(size));
        }
    }

    /** One request of a transfer, bounded by a deadline. */
    private interface Part {
        void run(long deadlineNanos);
    }

    private static String rangeHeader(long offset, long length) {
        long end = length == Long.MAX_VALUE ? Long.MAX_VALUE : offset + length - 1;
        return "bytes=" + offset + "-" + end;
    }

    static String strip(String etag) {
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }

    /** The total size from {@code bytes 0-99/1234}; -1 when the server says {@code *}. */
    static long totalFrom(String contentRange) {
        String total = contentRange.substring(contentRange.lastIndexOf('/') + 1).trim();
        return total.equals("*") ? -1 : Long.parseLong(total);
    }

    /** The last byte from {@code bytes 0-99/1234}. */
    static long endFrom(String contentRange) {
        String spec = contentRange.substring(contentRange.indexOf('-') + 1, contentRange.lastIndexOf('/'));
        return Long.parseLong(spec.trim());
    }

    static long startFrom(String contentRange) {
        String spec = contentRange.substring(contentRange.indexOf(' ') + 1, contentRange.indexOf('-'));
        return Long.parseLong(spec.trim());
    }
}
