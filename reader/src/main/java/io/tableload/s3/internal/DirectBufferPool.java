package io.tableload.s3.internal;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The direct buffers downloads copy through, shared by every session of the process. A direct
 * buffer's memory is outside the heap and goes back to the system only after a garbage collection
 * finds the buffer unreachable, which in a long-lived process (an application loading table after
 * table, or {@code tableload daemon}) can take long: buffers per session would pile up in the
 * meantime. Pooled ({@link #SHARED}), they are reused by the next request instead; up to a cap
 * wait idle, and beyond that a returned buffer is left to the collector.
 */
final class DirectBufferPool {
    /** The process's pool: 64 MiB idle at most, the buffers of 64 requests at the default size. */
    static final DirectBufferPool SHARED = new DirectBufferPool(64L << 20);

    private final long maxIdleBytes;
    private final Map<Integer, ConcurrentLinkedDeque<ByteBuffer>> idle = new ConcurrentHashMap<>();
    private final AtomicLong idleBytes = new AtomicLong();

    DirectBufferPool(long maxIdleBytes) {
        this.maxIdleBytes = maxIdleBytes;
    }

    /** A cleared direct buffer of {@code capacity} bytes: an idle one, or a new one. */
    ByteBuffer take(int capacity) {
        ConcurrentLinkedDeque<ByteBuffer> ofSize = idle.get(capacity);
        ByteBuffer buffer = ofSize == null ? null : ofSize.pollFirst();
        if (buffer == null) {
            return ByteBuffer.allocateDirect(capacity);
        }
        idleBytes.addAndGet(-capacity);
        return buffer.clear();
    }

    /** Hands {@code buffer} back for another request; its caller must not touch it again. */
    void give(ByteBuffer buffer) {
        int capacity = buffer.capacity();
        if (idleBytes.addAndGet(capacity) > maxIdleBytes) {
            idleBytes.addAndGet(-capacity); // enough idle already: the collector frees this one
            return;
        }
        idle.computeIfAbsent(capacity, c -> new ConcurrentLinkedDeque<>()).addFirst(buffer);
    }

    /** Bytes of the buffers waiting idle now. */
    long idleBytes() {
        return idleBytes.get();
    }
}
