package dev.river.serve.media;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.apache.camel.Exchange;

/**
 * Admits access units to the decode queue while it has room and counts those it turns away, so a frame dropped
 * because decoding cannot keep up is counted ({@code river_frames_dropped_total{reason="decode_queue_full"}}), never
 * lost silently. The route calls {@link #admit} before the queue and {@link #taken} first thing after it; the queue
 * itself is given the same capacity, so it never discards on its own.
 */
public final class DecodeQueueAdmission {

    /** The decode thread's priority: below normal (ingest, release); Linux nice +4 with ThreadPriorityPolicy=1. */
    static final int DECODE_PRIORITY = Thread.MIN_PRIORITY;

    private final int capacity;
    private final AtomicInteger queued = new AtomicInteger();
    private final LongAdder refused = new LongAdder();

    public DecodeQueueAdmission(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("decode queue capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Lets the access unit on to the queue, or stops its route and counts it when the queue is full. */
    public void admit(Exchange exchange) {
        int n;
        do {
            n = queued.get();
            if (n >= capacity) {
                refused.increment();
                exchange.setRouteStop(true);
                return;
            }
        } while (!queued.compareAndSet(n, n + 1));
    }

    /**
     * An access unit left the queue for the decoder. Called on the decode thread, which this puts below normal
     * priority: decoding yields to the ingest and release threads (effective with -XX:ThreadPriorityPolicy=1).
     */
    public void taken(Exchange exchange) {
        queued.decrementAndGet();
        Thread decodeThread = Thread.currentThread();
        if (decodeThread.getPriority() != DECODE_PRIORITY) {
            decodeThread.setPriority(DECODE_PRIORITY);
        }
    }

    /** Access units waiting for the decoder now. */
    public int queued() {
        return queued.get();
    }

    /** Access units turned away because the queue was full. */
    public long refused() {
        return refused.sum();
    }

    public int capacity() {
        return capacity;
    }
}
