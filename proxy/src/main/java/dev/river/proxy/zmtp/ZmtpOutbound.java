package dev.river.proxy.zmtp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

import dev.river.proxy.FrameBodies;

/**
 * One connection's write queue: whole messages encoded as ZMTP frames, bounded in bytes (the ROUTER's send
 * high-water mark: a message that does not fit is refused whole, for the caller to count), and written with
 * gathering writes. Headers and small bodies of a message share one buffer; a large body is queued as the very
 * array or buffer it was received in, never copied.
 */
final class ZmtpOutbound {

    /** Bodies up to this size are copied next to their header; larger ones are written from where they are. */
    private static final int INLINE_MAX = 2048;
    /** Every queued message counts at least this much against the bound (so tiny messages are bounded too). */
    private static final int MIN_CHARGE = 256;
    private static final int GATHER = 64;

    private final long limit;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final ByteBuffer[] batch = new ByteBuffer[GATHER];
    private long queuedBytes;
    private long charged;

    ZmtpOutbound(long limit) {
        this.limit = limit;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Queues a raw frame (greeting, command) regardless of the bound. */
    void offerRaw(ByteBuffer b) {
        queue.addLast(b);
        queuedBytes += b.remaining();
    }

    /**
     * Queues frames {@code from..} of {@code frames} as one message.
     *
     * @return false (nothing queued) when it would exceed the bound
     */
    boolean offer(Object[] frames, int from) {
        int inline = 0;
        long total = 0;
        for (int i = from; i < frames.length; i++) {
            int length = FrameBodies.length(frames[i]);
            total += length;
            inline += length <= ZmtpFrames.SHORT_MAX ? 2 : 9;
            if (length <= INLINE_MAX) {
                inline += length;
            }
        }
        long charge = Math.max(MIN_CHARGE, total);
        if (charged + charge > limit && charged > 0) {
            return false;
        }
        ByteBuffer head = ByteBuffer.allocate(inline);
        int segmentStart = 0;
        int last = frames.length - 1;
        for (int i = from; i <= last; i++) {
            Object f = frames[i];
            int length = FrameBodies.length(f);
            byte more = i < last ? ZmtpFrames.MORE : 0;
            if (length <= ZmtpFrames.SHORT_MAX) {
                head.put(more).put((byte) length);
            } else {
                head.put((byte) (more | ZmtpFrames.LONG)).putLong(length);
            }
            if (length <= INLINE_MAX) {
                if (f instanceof byte[] b) {
                    head.put(b);
                } else {
                    head.put(((ByteBuffer) f).duplicate());
                }
            } else {
                queue.addLast(segment(head, segmentStart));
                segmentStart = head.position();
                queue.addLast(f instanceof byte[] b ? ByteBuffer.wrap(b) : ((ByteBuffer) f).duplicate());
            }
        }
        if (head.position() > segmentStart) {
            queue.addLast(segment(head, segmentStart));
        }
        queuedBytes += inline + total;
        charged += charge;
        // charged falls back as bytes leave; recomputed from queuedBytes when the queue empties
        return true;
    }

    private static ByteBuffer segment(ByteBuffer head, int start) {
        ByteBuffer s = head.duplicate();
        s.limit(head.position()).position(start);
        return s;
    }

    /**
     * Writes as much as the channel takes without blocking.
     *
     * @return true when the queue is empty
     */
    boolean writeTo(GatheringByteChannel channel) throws IOException {
        while (!queue.isEmpty()) {
            int n = 0;
            for (ByteBuffer b : queue) {
                batch[n++] = b;
                if (n == GATHER) {
                    break;
                }
            }
            long written = channel.write(batch, 0, n);
            Arrays.fill(batch, 0, n, null);
            queuedBytes -= written;
            charged = Math.max(0, charged - written);
            while (!queue.isEmpty() && !queue.peekFirst().hasRemaining()) {
                queue.pollFirst();
            }
            if (written == 0) {
                return false;
            }
        }
        queuedBytes = 0;
        charged = 0;
        return true;
    }

    /** Drops everything queued (the connection closed). */
    void clear() {
        queue.clear();
        queuedBytes = 0;
        charged = 0;
    }
}
