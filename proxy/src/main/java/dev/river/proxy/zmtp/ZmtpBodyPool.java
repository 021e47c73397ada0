package dev.river.proxy.zmtp;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

import dev.river.proxy.FrameBody;

/**
 * Direct memory for large frame bodies, reused: a body is read from the sender's socket into it and written to the
 * receiver's socket from it, so the broker thread never copies it (and the JDK needs no temporary direct buffer).
 * Power-of-two size classes from {@link #MIN_BODY}; at most {@link #MAX_FREE_BYTES} kept free, the rest left to the
 * garbage collector. Broker thread only.
 */
final class ZmtpBodyPool {

    /** Smallest body taken from the pool; smaller ones are plain arrays. */
    static final int MIN_BODY = 16 * 1024;
    /** Largest pooled body; larger ones are plain arrays. */
    static final int MAX_BODY = 16 * 1024 * 1024;
    private static final long MAX_FREE_BYTES = 64L * 1024 * 1024;
    private static final int MIN_SHIFT = Integer.numberOfTrailingZeros(MIN_BODY);

    @SuppressWarnings("unchecked")
    private final ArrayDeque<ByteBuffer>[] free =
            new ArrayDeque[Integer.numberOfTrailingZeros(MAX_BODY) - MIN_SHIFT + 1];
    private long freeBytes;

    ZmtpBodyPool() {
        for (int i = 0; i < free.length; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    /** Whether a body of {@code length} bytes comes from the pool. */
    static boolean pooled(long length) {
        return length >= MIN_BODY && length <= MAX_BODY;
    }

    /** A body of {@code length} bytes with one reference (the caller's). */
    Body take(int length) {
        int sizeClass = sizeClass(length);
        ByteBuffer b = free[sizeClass].pollFirst();
        if (b == null) {
            b = ByteBuffer.allocateDirect(MIN_BODY << sizeClass);
        } else {
            freeBytes -= b.capacity();
        }
        b.clear().limit(length);
        return new Body(b, length);
    }

    private static int sizeClass(int length) {
        int shift = 32 - Integer.numberOfLeadingZeros(length - 1);
        return Math.max(0, shift - MIN_SHIFT);
    }

    /** Bytes of pooled memory free for reuse. */
    long freeBytes() {
        return freeBytes;
    }

    private void give(ByteBuffer b) {
        if (freeBytes + b.capacity() <= MAX_FREE_BYTES) {
            // LIFO: the body freed last is the one most likely still in the CPU caches
            free[sizeClass(b.capacity())].addFirst(b);
            freeBytes += b.capacity();
        }
    }

    /** One pooled body. */
    final class Body implements FrameBody {
        private ByteBuffer memory;
        private final int length;
        private int references = 1;

        Body(ByteBuffer memory, int length) {
            this.memory = memory;
            this.length = length;
        }

        /** The buffer the decoder fills (position = bytes filled so far). */
        ByteBuffer fill() {
            return memory;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public ByteBuffer buffer() {
            ByteBuffer b = memory.duplicate();
            b.clear().limit(length);
            return b;
        }

        @Override
        public void retain() {
            if (references <= 0) {
                throw new IllegalStateException("frame body used after its release");
            }
            references++;
        }

        @Override
        public void release() {
            if (--references == 0) {
                ByteBuffer m = memory;
                memory = null;
                give(m);
            }
        }
    }
}
