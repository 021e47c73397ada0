package dev.river.proxy.zmtp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

import dev.river.proxy.FrameBodies;
import dev.river.proxy.FrameBody;

/**
 * One connection's write queue: whole messages encoded as ZMTP frames, bounded in bytes (the ROUTER's send
 * high-water mark: a message that does not fit is refused whole, for the caller to count), and written with
 * gathering writes of direct buffers only (so the JDK copies nothing on the way to the socket). Headers and small
 * bodies are appended to pooled direct chunks, many messages per chunk; a large body is queued as the pooled buffer
 * it was received in (a {@link FrameBody}, retained until written), never copied.
 */
final class ZmtpOutbound {

    /** Bodies up to this size are copied into the chunks; larger ones are written from where they are. */
    static final int INLINE_MAX = 16 * 1024;
    /** Every queued message counts at least this much against the bound (so tiny messages are bounded too). */
    private static final int MIN_CHARGE = 256;
    private static final int GATHER = 64;

    /** A buffer to write: a chunk being filled and written, or a body (released once written). */
    private static final class Entry {
        final ByteBuffer view;
        final ByteBuffer chunk;
        final FrameBody owner;

        Entry(ByteBuffer view, ByteBuffer chunk, FrameBody owner) {
            this.view = view;
            this.chunk = chunk;
            this.owner = owner;
        }
    }

    private final long limit;
    private final ZmtpChunkPool chunks;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private final ByteBuffer[] batch = new ByteBuffer[GATHER];
    private long charged;

    ZmtpOutbound(long limit, ZmtpChunkPool chunks) {
        this.limit = limit;
        this.chunks = chunks;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Queues a raw frame (greeting, command) regardless of the bound. */
    void offerRaw(ByteBuffer b) {
        room(b.remaining()).put(b);
        grown();
    }

    /**
     * Queues frames {@code from..} of {@code frames} as one message.
     *
     * @return false (nothing queued) when it would exceed the bound
     */
    boolean offer(Object[] frames, int from) {
        long total = 0;
        for (int i = from; i < frames.length; i++) {
            total += FrameBodies.length(frames[i]);
        }
        long charge = Math.max(MIN_CHARGE, total);
        if (charged + charge > limit && charged > 0) {
            return false;
        }
        int last = frames.length - 1;
        for (int i = from; i <= last; i++) {
            Object f = frames[i];
            int length = FrameBodies.length(f);
            byte more = i < last ? ZmtpFrames.MORE : 0;
            boolean inline = length <= INLINE_MAX;
            ByteBuffer c = room(9 + (inline ? length : 0));
            if (length <= ZmtpFrames.SHORT_MAX) {
                c.put(more).put((byte) length);
            } else {
                c.put((byte) (more | ZmtpFrames.LONG)).putLong(length);
            }
            if (inline) {
                if (f instanceof byte[] b) {
                    c.put(b);
                } else {
                    c.put(((FrameBody) f).buffer());
                }
                grown();
            } else {
                grown();
                if (f instanceof byte[] b) {
                    queue.addLast(new Entry(ByteBuffer.wrap(b), null, null));
                } else {
                    FrameBody body = (FrameBody) f;
                    body.retain();
                    queue.addLast(new Entry(body.buffer(), null, body));
                }
            }
        }
        charged += charge;
        return true;
    }

    /** The tail chunk with at least {@code bytes} free, a new one appended if needed. */
    private ByteBuffer room(int bytes) {
        Entry tail = queue.peekLast();
        if (tail != null && tail.chunk != null && tail.chunk.remaining() >= bytes) {
            return tail.chunk;
        }
        ByteBuffer chunk = chunks.take(bytes);
        ByteBuffer view = chunk.duplicate();
        view.limit(0);
        queue.addLast(new Entry(view, chunk, null));
        return chunk;
    }

    /** The tail chunk's written-to bytes become writable. */
    private void grown() {
        Entry tail = queue.peekLast();
        tail.view.limit(tail.chunk.position());
    }

    /**
     * Writes as much as the channel takes without blocking.
     *
     * @return true when the queue is empty
     */
    boolean writeTo(GatheringByteChannel channel) throws IOException {
        while (!queue.isEmpty()) {
            int n = 0;
            for (Iterator<Entry> it = queue.iterator(); it.hasNext() && n < GATHER;) {
                batch[n++] = it.next().view;
            }
            long written = n == 1 ? channel.write(batch[0]) : channel.write(batch, 0, n);
            Arrays.fill(batch, 0, n, null);
            charged = Math.max(0, charged - written);
            Entry first;
            while ((first = queue.peekFirst()) != null && !first.view.hasRemaining()) {
                queue.pollFirst();
                done(first);
            }
            if (written == 0) {
                return false;
            }
        }
        charged = 0;
        return true;
    }

    private void done(Entry e) {
        if (e.owner != null) {
            e.owner.release();
        }
        if (e.chunk != null) {
            chunks.give(e.chunk);
        }
    }

    /** Drops everything queued (the connection closed). */
    void clear() {
        for (Entry e : queue) {
            done(e);
        }
        queue.clear();
        charged = 0;
    }
}
