package io.tableload.s3.internal;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.BatchResult;
import io.tableload.s3.ByteRange;
import io.tableload.s3.Cancellation;
import io.tableload.s3.Destination;
import io.tableload.s3.Download;
import io.tableload.s3.GetOptions;
import io.tableload.s3.ListEntry;
import io.tableload.s3.PutOptions;
import io.tableload.s3.PutRequest;
import io.tableload.s3.PutResult;
import io.tableload.s3.S3NotFoundException;
import io.tableload.s3.S3Object;
import io.tableload.s3.S3Session;
import io.tableload.s3.S3Settings;
import io.tableload.s3.S3Url;
import io.tableload.s3.TransferListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The {@link S3Session} behind {@link S3Session#open}. */
public final class DefaultS3Session implements S3Session {
    private final S3Settings settings;
    private final Optional<S3Url> root;
    private final Destination destination;
    private final LazyClient s3;
    private final ExecutorService pool;
    /** Sends the parts of large uploads, whose puts wait on them from {@link #pool}. */
    private final ExecutorService uploadParts;
    private final Retrier retrier;
    private final ObjectGetter getter;
    private final Fetcher fetcher;
    private final Lister lister;
    private final Writer writer;
    private final AtomicLong fileCounter = new AtomicLong();
    private final RunningCalls calls = new RunningCalls();
    private volatile Path tempDir;
    private volatile boolean closed;
    /** How long close() lets transfers in flight end by themselves. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    public DefaultS3Session(S3Settings settings, Optional<S3Url> root, Destination destination) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.root = Objects.requireNonNull(root, "root");
        this.destination = Objects.requireNonNull(destination, "destination");
        if (destination instanceof Destination.Directory d && !java.nio.file.Files.isDirectory(d.path())) {
            throw new TableloadException(ErrorCode.USAGE, "the destination " + d.path()
                    + " is not an existing directory; create it first");
        }
        SecretLogGuard.apply();
        SessionPreparation.startInBackground();
        CredentialSource credentials = new CredentialSource(ClientFactory.credentials(settings), settings);
        this.s3 = new LazyClient(settings, credentials);
        DirectGetter direct = new DirectGetter(s3, credentials, settings, ClientFactory.region(settings).id(),
                ClientFactory.endpoint(settings, System.getenv()));
        this.pool = workers("s3-transfer-", settings.maxConcurrency());
        this.retrier = new Retrier(settings.retry(), credentials::describe);
        boolean throughSdk = ClientFactory.readsThroughSdk(System.getenv());
        this.getter = throughSdk ? new SdkGetter(s3) : direct;
        this.fetcher = new Fetcher(getter, pool, settings, retrier);
        this.lister = new Lister(throughSdk ? new Lister.SdkPages(s3) : direct::listPage, retrier);
        this.uploadParts = workers("s3-upload-part-", settings.maxConcurrency());
        this.writer = new Writer(s3, retrier, new MultipartUpload(s3, retrier, uploadParts), settings.partSize());
    }

    /**
     * A fixed pool of daemon threads named {@code name}N. Once the session is closed, work handed
     * to it fails with a {@link TableloadException} saying so, not a RejectedExecutionException.
     */
    private static ExecutorService workers(String name, int threads) {
        AtomicInteger threadNumber = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, (task, executor) -> {
            throw closedError();
        });
    }

    private static TableloadException closedError() {
        return new TableloadException(ErrorCode.USAGE, "this S3 session is closed; open a new one");
    }

    @Override
    public Optional<S3Url> root() {
        return root;
    }

    @Override
    public Optional<Path> directory() {
        if (destination instanceof Destination.Directory d) {
            return Optional.of(d.path());
        }
        if (destination instanceof Destination.Memory) {
            return Optional.empty();
        }
        return Optional.of(sessionDir(0));
    }

    @Override
    public S3Url url(String key) {
        Objects.requireNonNull(key, "key");
        if (root.isPresent()) {
            if (S3Url.looksLikeUrl(key)) {
                throw new TableloadException(ErrorCode.USAGE, "'" + key + "' is a full URL, but this session works under "
                        + root.get() + ": give keys relative to it");
            }
            return root.get().resolve(key);
        }
        if (!S3Url.looksLikeUrl(key)) {
            throw new TableloadException(ErrorCode.USAGE, "'" + key + "' is not an s3:// URL; give full URLs"
                    + " such as s3://bucket/key, or open the session with a root prefix");
        }
        return S3Url.parse(key);
    }

    /** The address of one object: a key that names none (the root itself, or a bucket) is refused. */
    private S3Url objectUrl(String key) {
        S3Url url = url(key);
        if (key.isEmpty() || url.key().isEmpty()) {
            throw new TableloadException(ErrorCode.USAGE, "'" + key + "' names no object: give "
                    + root.map(r -> "a key under " + r).orElse("a URL such as s3://bucket/key"));
        }
        return url;
    }

    /** The key a caller sees for a full key: relative to the root when there is one. */
    private String visibleKey(S3Url url) {
        if (root.isEmpty()) {
            return url.toString();
        }
        String prefix = root.get().asPrefix().key();
        return url.key().startsWith(prefix) ? url.key().substring(prefix.length()) : url.key();
    }

    @Override
    public S3Object get(String key) {
        return get(key, GetOptions.defaults());
    }

    @Override
    public S3Object get(String key, GetOptions options) {
        return getMany(List.of(key), options).get(0);
    }

    @Override
    public S3Object get(String key, ByteRange range) {
        checkOpen();
        S3Url url = objectUrl(key);
        Fetcher.Job job = new Fetcher.Job(url, key, OptionalLong.empty(), Optional.of(range),
                sessionTarget(url, key, 0), false);
        RunningCalls.Call call = calls.start(new Cancellation());
        return calls.join(call, List.of(key), List.of(fetcher.submit(job, TransferListener.NONE, call.cancellation)))
                .values().get(0);
    }

    @Override
    public List<S3Object> getMany(List<String> keys, GetOptions options) {
        return tryGetMany(keys, options).values();
    }

    @Override
    public BatchResult<S3Object> tryGetMany(List<String> keys, GetOptions options) {
        checkOpen();
        RunningCalls.Call call = calls.start(new Cancellation());
        List<CompletableFuture<S3Object>> futures = new ArrayList<>();
        for (String key : keys) {
            futures.add(start(call, key, OptionalLong.empty(), options.returnMissing(), 0));
        }
        return calls.join(call, keys, futures);
    }

    private CompletableFuture<S3Object> start(RunningCalls.Call call, String key, OptionalLong size, boolean returnMissing,
            long batchBytes) {
        try {
            S3Url url = objectUrl(key);
            Fetcher.Job job = new Fetcher.Job(url, key, size, Optional.empty(), sessionTarget(url, key, batchBytes),
                    returnMissing);
            return fetcher.submit(job, TransferListener.NONE, call.cancellation);
        } catch (TableloadException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public List<S3Object> getRecursive(List<String> prefixes) {
        List<ListEntry> entries = listRecursive(prefixes).stream().filter(e -> !e.isFolderMarker()).toList();
        long bytes = entries.stream().mapToLong(ListEntry::size).sum();
        checkRoomForSession(bytes);
        RunningCalls.Call call = calls.start(new Cancellation());
        List<String> keys = new ArrayList<>();
        List<CompletableFuture<S3Object>> futures = new ArrayList<>();
        for (ListEntry e : entries) {
            keys.add(e.key());
            futures.add(start(call, root.isPresent() ? e.key() : e.url().toString(), OptionalLong.of(e.size()), false, bytes));
        }
        return calls.join(call, keys, futures).values();
    }

    @Override
    public List<S3Object> getAll() {
        if (root.isEmpty()) {
            throw new TableloadException(ErrorCode.USAGE, "getAll() needs a session opened with a root prefix"
                    + " (s3://bucket/prefix); use getRecursive with full URLs instead");
        }
        return getRecursive(List.of(""));
    }

    @Override
    public S3Object info(String key, GetOptions options) {
        return infoMany(List.of(key), options).get(0);
    }

    @Override
    public List<S3Object> infoMany(List<String> keys, GetOptions options) {
        checkOpen();
        RunningCalls.Call call = calls.start(new Cancellation());
        List<CompletableFuture<S3Object>> futures = new ArrayList<>();
        for (String key : keys) {
            futures.add(async(() -> {
                S3Url url = objectUrl(key);
                try {
                    return writer.head(url, key);
                } catch (S3NotFoundException e) {
                    if (options.returnMissing()) {
                        return S3Object.missing(url, key);
                    }
                    throw e;
                }
            }));
        }
        return calls.join(call, keys, futures).values();
    }

    @Override
    public List<ListEntry> listPaths(List<String> prefixes) {
        return list(prefixes, true);
    }

    @Override
    public List<ListEntry> listRecursive(List<String> prefixes) {
        return list(prefixes, false);
    }

    private List<ListEntry> list(List<String> prefixes, boolean delimited) {
        checkOpen();
        RunningCalls.Call call = calls.start(new Cancellation());
        List<CompletableFuture<List<ListEntry>>> futures = new ArrayList<>();
        for (String prefix : prefixes) {
            futures.add(async(() -> {
                S3Url dir = url(prefix).asPrefix();
                return lister.list(dir, delimited, k -> visibleKey(new S3Url(dir.bucket(), k)));
            }));
        }
        List<ListEntry> all = new ArrayList<>();
        for (List<ListEntry> part : calls.join(call, prefixes, futures).values()) {
            all.addAll(part);
        }
        return all;
    }

    @Override
    public PutResult put(String key, byte[] data, PutOptions options) {
        return putMany(List.of(PutRequest.ofBytes(key, data, options))).values().get(0);
    }

    @Override
    public PutResult put(String key, String text, PutOptions options) {
        return putMany(List.of(PutRequest.ofString(key, text, options))).values().get(0);
    }

    @Override
    public PutResult put(String key, Path file, PutOptions options) {
        return putMany(List.of(PutRequest.ofFile(key, file, options))).values().get(0);
    }

    @Override
    public BatchResult<PutResult> putMany(List<PutRequest> requests, Cancellation cancellation) {
        checkOpen();
        RunningCalls.Call call = calls.start(cancellation);
        List<String> keys = new ArrayList<>();
        List<CompletableFuture<PutResult>> futures = new ArrayList<>();
        for (PutRequest request : requests) {
            keys.add(request.key());
            futures.add(async(() -> writer.put(objectUrl(request.key()), request, cancellation)));
        }
        return calls.join(call, keys, futures);
    }

    @Override
    public BatchResult<PutResult> putFiles(Path localDir, String keyPrefix, PutOptions options, Cancellation cancellation) {
        List<PutRequest> requests = new ArrayList<>();
        for (Path file : Writer.regularFilesUnder(localDir)) {
            String relative = localDir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
            requests.add(PutRequest.ofFile(keyPrefix + relative, file, options));
        }
        return putMany(requests, cancellation);
    }

    @Override
    public BatchResult<S3Object> download(List<Download> downloads, Path destination, TransferListener listener,
            Cancellation cancellation) {
        checkOpen();
        List<Path> targets = new ArrayList<>();
        Map<Path, S3Url> sources = new HashMap<>();
        for (Download d : downloads) {
            Path target = LocalFiles.resolveInside(destination, d.relativePath());
            S3Url other = sources.putIfAbsent(target, d.source());
            if (other != null && !other.equals(d.source())) {
                // One would silently replace the other: the caller would get one file for two objects.
                throw new TableloadException(ErrorCode.USAGE, other + " and " + d.source() + " would both be written to "
                        + target + "; download them into different destinations");
            }
            targets.add(target);
        }
        long known = downloads.stream().mapToLong(d -> d.expectedSize().orElse(0)).sum();
        boolean allKnown = downloads.stream().allMatch(d -> d.expectedSize().isPresent());
        if (!downloads.isEmpty()) {
            LocalFiles.createDestination(destination);
        }
        LocalFiles.checkRoom(destination, known);
        listener.started(downloads.size(), allKnown ? known : -1);
        RunningCalls.Call call = calls.start(cancellation);
        List<String> requests = new ArrayList<>();
        List<CompletableFuture<S3Object>> futures = new ArrayList<>();
        long partSize = fetcher.partSizeFor(known);
        for (int i = 0; i < downloads.size(); i++) {
            Download d = downloads.get(i);
            requests.add(d.source().toString());
            try {
                futures.add(fetcher.submit(new Fetcher.Job(d.source(), d.relativePath(), d.expectedSize(), Optional.empty(),
                        Fetcher.Target.file(targets.get(i), destination), false), listener, partSize, cancellation));
            } catch (TableloadException e) {
                futures.add(CompletableFuture.failedFuture(e)); // one bad item (say, a planted link) is data too
            }
        }
        return calls.join(call, requests, futures);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        calls.close(new TableloadException(ErrorCode.USAGE, "the S3 session was closed while this was running"),
                this::stopWorkers);
        try {
            getter.close();
        } catch (java.io.IOException ignored) {
            // only idle connections are left to close
        }
        s3.close();
        Path dir = tempDir;
        if (dir != null) {
            PrivateDirectories.delete(dir);
        }
    }

    /**
     * Lets the transfers in flight see their cancellation and end, for at most {@link #STOP_WAIT},
     * so that none writes into a directory after close() deleted it; then interrupts what is left.
     */
    private void stopWorkers() {
        pool.shutdown();
        uploadParts.shutdown();
        try {
            long deadline = System.nanoTime() + STOP_WAIT.toNanos();
            pool.awaitTermination(STOP_WAIT.toNanos(), TimeUnit.NANOSECONDS);
            uploadParts.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
        uploadParts.shutdownNow();
    }

    private void checkOpen() {
        if (closed) {
            throw closedError();
        }
    }

    /** Where a session get puts {@code url}: a fresh file in the session directory, or memory. */
    private Fetcher.Target sessionTarget(S3Url url, String key, long batchBytes) {
        if (destination instanceof Destination.Memory) {
            return Fetcher.Target.memory();
        }
        if (destination instanceof Destination.Directory d) {
            String relative = root.isPresent() ? key : url.bucket() + "/" + url.key();
            return Fetcher.Target.file(LocalFiles.resolveInside(d.path(), relative), d.path());
        }
        // Names in the private directory never come from the key's path, so no key can escape it.
        String name = fileCounter.incrementAndGet() + "_" + LocalFiles.safeName(url.name());
        Path dir = sessionDir(batchBytes);
        return Fetcher.Target.file(dir.resolve(name), dir);
    }

    private synchronized Path sessionDir(long wantedBytes) {
        checkOpen(); // close() deleted it: never make it again
        if (tempDir == null) {
            tempDir = PrivateDirectories.createTemporary("tableload-", wantedBytes);
        }
        return tempDir;
    }

    private void checkRoomForSession(long bytes) {
        if (destination instanceof Destination.Directory d) {
            LocalFiles.checkRoom(d.path(), bytes);
        } else if (destination instanceof Destination.Temporary) {
            LocalFiles.checkRoom(sessionDir(bytes), bytes);
        }
    }

    private <T> CompletableFuture<T> async(java.util.function.Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, pool);
    }
}
