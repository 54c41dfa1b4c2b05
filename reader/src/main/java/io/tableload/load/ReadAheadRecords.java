package io.tableload.load;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;

/**
 * The rows of local Parquet files, decoded ahead of the caller by up to {@code threads} files at
 * once: in plan order (file after file), or, when the caller allows, each batch as soon as it is
 * decoded (files interleaved, each file's rows still in order).
 *
 * <p>Decoding Parquet into Avro records costs far more CPU than loading the bytes (about 4 s for
 * the 1 GB, 4 million rows of the benchmark's part8, against 0.8 s to fetch them), and one
 * thread decoding while the caller waits leaves the other cores idle. Here each file is decoded
 * by a task of its own on a small pool; its rows wait in batches in a bounded queue, about
 * {@link #QUEUE_BYTES} of row data per file (each row is measured, and a batch is handed over
 * once its rows hold its share), so a table of huge rows cannot fill the heap. Memory is about
 * one row group and one queue per thread, whatever the table size.
 *
 * <p>In plan order each file has its own queue, drained in turn, so a file decoded ahead of the
 * one the caller reads waits once its queue is full; files ahead start only while they add up
 * to {@link #LOOKAHEAD_BYTES}, as a large one started early would only hold a row group for
 * nothing. Plan order thus pipelines decoding with the caller's work and overlaps small files,
 * but decodes a table of large files on one thread. In any order the files share one queue and
 * every thread keeps decoding.
 *
 * <p>A file that cannot be read fails when the caller reaches it, after every row before the
 * damage, with the same error as a one-thread read. {@link #close()} stops the decoders and waits
 * for them to close their files.
 */
final class ReadAheadRecords implements CloseableIterator<GenericRecord> {
    /** Row data waiting per file, about: enough to keep the caller fed, small enough for any heap. */
    static final long QUEUE_BYTES = 8L << 20;
    /** In plan order, how many bytes of files may be decoding beyond the one being read. */
    static final long LOOKAHEAD_BYTES = 16L << 20;
    private static final int BATCHES_PER_QUEUE = 4;
    /** A batch's share of the queue's row data. */
    static final long BATCH_BYTES = QUEUE_BYTES / BATCHES_PER_QUEUE;
    private static final Object END = new Object();
    private static final AtomicInteger STREAMS = new AtomicInteger();

    private final RowShape shape;
    private final List<Feed> feeds = new ArrayList<>();
    /** The one queue all files share in any order; null in plan order. */
    private final BlockingQueue<Object> shared;
    private final ExecutorService decoders;
    private final List<Thread> decoderThreads = new CopyOnWriteArrayList<>();
    private final Consumer<? super ReadAheadRecords> onClose;
    /** Files read to their end: in plan order, also the index of the one being read. */
    private int current;
    /** Files handed to the pool so far, in plan order. */
    private int started;
    /** In plan order, the bytes of the files started beyond the one being read. */
    private long bytesAhead;
    private Iterator<GenericRecord> batch = Collections.emptyIterator();
    /** What a decoder failed with (a RuntimeException or an Error), thrown again on each call. */
    private Throwable failure;
    /** Set by the caller's close; decoders stop when they see it. */
    private volatile boolean closed;

    /** One file's decoded rows on their way to the caller: batches, then {@link #END} or the error. */
    private record Feed(LocalFile file, BlockingQueue<Object> queue) {
    }

    /**
     * Starts decoding at once.
     *
     * @param shape what each record holds
     * @param threads how many files are decoded at the same time (at least 1)
     * @param planOrder whether rows come file after file in plan order, or batches as decoded
     * @param onClose given this stream once, when it closes (its owner forgets it)
     */
    ReadAheadRecords(List<LocalFile> files, RowShape shape, int threads, boolean planOrder,
            Consumer<? super ReadAheadRecords> onClose) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.shape = shape;
        this.onClose = onClose;
        int workers = Math.max(1, Math.min(threads, files.size()));
        int stream = STREAMS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.decoders = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "tableload-records-" + stream + "-" + n.incrementAndGet());
            t.setDaemon(true); // never keeps the JVM alive: an abandoned stream only costs its threads
            decoderThreads.add(t);
            return t;
        });
        this.shared = planOrder ? null : new ArrayBlockingQueue<>(workers * (BATCHES_PER_QUEUE + 1));
        for (LocalFile file : files) {
            feeds.add(new Feed(file, planOrder ? new ArrayBlockingQueue<>(BATCHES_PER_QUEUE + 1) : shared));
        }
        startDecoding();
        if (feeds.isEmpty()) {
            decoders.shutdown();
        }
    }

    /**
     * Hands files to the pool, in plan order (which the pool keeps, so the file the caller waits
     * for is always being decoded). In any order, all at once. In plan order, the file being read
     * and then files ahead of it while they add up to at most {@link #LOOKAHEAD_BYTES}: a file
     * decoded ahead stops once its queue is full, so starting a large one early only holds a row
     * group in memory for nothing.
     */
    private void startDecoding() {
        while (started < feeds.size()) {
            long size = feeds.get(started).file().size();
            if (shared == null && started > current && bytesAhead + size > LOOKAHEAD_BYTES) {
                return;
            }
            if (started > current) {
                bytesAhead += size;
            }
            Feed feed = feeds.get(started++);
            decoders.execute(() -> decode(feed));
        }
    }

    /** In plan order, the next file is now the one being read: it no longer counts as ahead. */
    private void advance() {
        current++;
        if (shared == null && current < started) {
            bytesAhead -= feeds.get(current).file().size();
        }
        if (shared == null) {
            startDecoding();
        }
    }

    /**
     * How many threads decode by default: one per core, no more than the files, and few enough
     * that each can hold a row group of the largest file in a quarter of the heap (parquet-mr
     * reads a row group's column chunks into memory at once).
     */
    static int defaultThreads(List<LocalFile> files, int cores, long maxHeap) {
        long largest = files.stream().mapToLong(LocalFile::size).max().orElse(1);
        long fitting = Math.max(1, maxHeap / 4 / Math.max(1, largest));
        return (int) Math.max(1, Math.min(Math.min(cores, files.size()), Math.min(fitting, 8)));
    }

    private void decode(Feed feed) {
        if (closed) {
            return;
        }
        try (ParquetRecordStream rows = new ParquetRecordStream(feed.file(), shape)) {
            RowBatch batch = new RowBatch(BATCH_BYTES);
            while (rows.hasNext()) {
                if (batch.add(rows.next()) && !offer(feed, batch.take())) {
                    return;
                }
            }
            if (!batch.isEmpty() && !offer(feed, batch.take())) {
                return;
            }
            offer(feed, END);
        } catch (RuntimeException | Error e) {
            // Handed to the caller, who would otherwise wait forever for this file's end.
            offer(feed, e);
        }
    }

    /** Queues {@code item}, waiting for room; false when the stream was closed meanwhile. */
    private boolean offer(Feed feed, Object item) {
        try {
            do {
                if (closed) {
                    return false; // nobody reads any more
                }
            } while (!feed.queue().offer(item, 50, TimeUnit.MILLISECONDS));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean hasNext() {
        if (failure != null) {
            throw rethrown(failure);
        }
        while (!batch.hasNext()) {
            if (closed || current == feeds.size()) {
                close();
                return false;
            }
            Object item = take();
            if (item == null) {
                return false; // closed meanwhile
            } else if (item == END) {
                advance(); // one more file done: in plan order, the one just read
            } else if (item instanceof Throwable e) {
                failure = e;
                close();
                throw rethrown(e);
            } else {
                @SuppressWarnings("unchecked")
                List<GenericRecord> rows = (List<GenericRecord>) item;
                batch = rows.iterator();
            }
        }
        return true;
    }

    private static RuntimeException rethrown(Throwable decoderFailure) {
        if (decoderFailure instanceof Error error) {
            throw error;
        }
        return (RuntimeException) decoderFailure;
    }

    /**
     * The next item for the caller, or null once the stream is closed: polled rather than taken,
     * so that a close from another thread (the table's, say) cannot leave the caller waiting for
     * a file whose decoder has stopped.
     */
    private Object take() {
        BlockingQueue<Object> queue = shared != null ? shared : feeds.get(current).queue();
        try {
            Object item;
            while ((item = queue.poll(50, TimeUnit.MILLISECONDS)) == null) {
                if (closed) {
                    return null;
                }
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while waiting for rows"));
        }
    }

    @Override
    public GenericRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return batch.next();
    }

    /** Stops the decoders and waits (10 s at most) for them to close their files and end. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        batch = Collections.emptyIterator();
        decoders.shutdownNow();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (Thread t : decoderThreads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            onClose.accept(this);
        }
    }
}
