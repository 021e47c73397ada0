package dev.river.proxy.zmtp;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers that write queues append frame headers and small bodies to ({@link ZmtpOutbound}), reused so
 * that writing many small messages costs one gathering write and no JDK temporary copy. Broker thread only.
 */
final class ZmtpChunkPool {

    /** Size of a chunk (a single header plus an inline body always fits). */
    static final int CHUNK = 32 * 1024;
    private static final int MAX_FREE = 256;

    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();

    /** An empty chunk of at least {@code bytes}. */
    ByteBuffer take(int bytes) {
        if (bytes > CHUNK) {
            return ByteBuffer.allocateDirect(bytes);
        }
        ByteBuffer b = free.pollFirst();
        return b != null ? b.clear() : ByteBuffer.allocateDirect(CHUNK);
    }

    void give(ByteBuffer b) {
        if (b.capacity() == CHUNK && free.size() < MAX_FREE) {
            free.addFirst(b); // LIFO: reuse the chunk still in the caches
        }
    }
}
