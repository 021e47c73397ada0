package dev.river.proxy;

/**
 * The message the broker is handling, reused for every receive: frame 0 is the sender's routing id. At most
 * {@link #MAX_FRAMES} frames are kept (more are counted in {@link #count()} and {@link #bytes()}, not kept). A frame
 * is a {@code byte[]}, or (a large body on the NIO transport) a {@link FrameBody} that {@link BrokerSocket#send}
 * forwards without copying; {@link #bytes(int)} gives any frame as bytes for parsing. The message holds one reference
 * to each kept {@link FrameBody}, given up by {@link #clear()}: whoever keeps a frame longer retains it.
 */
public final class ReceivedMessage {

    /** Frames kept per received message (routing id included). */
    public static final int MAX_FRAMES = 10;

    private final Object[] frames = new Object[MAX_FRAMES];
    private int count;
    private long bytes;

    /** Clears the message and starts a new one from {@code routingId}. */
    public void reset(byte[] routingId) {
        clear();
        frames[0] = routingId;
        count = 1;
    }

    /** Appends one frame of {@code length} bytes, taking over its reference (released at once if not kept). */
    public void add(Object frame, int length) {
        if (count < MAX_FRAMES) {
            frames[count] = frame;
        } else {
            FrameBodies.release(frame);
        }
        count++;
        bytes += length;
    }

    /** Forgets every frame (so that no payload is kept alive by this object). */
    public void clear() {
        for (int i = 0; i < MAX_FRAMES; i++) {
            FrameBodies.release(frames[i]);
            frames[i] = null;
        }
        count = 0;
        bytes = 0;
    }

    /** Frames received, routing id included (may exceed {@link #MAX_FRAMES}). */
    public int count() {
        return count;
    }

    /** Bytes of every frame after the routing id. */
    public long bytes() {
        return bytes;
    }

    /** Frame {@code i} as received, to forward. */
    public Object frame(int i) {
        return frames[i];
    }

    /** Frame {@code i} as bytes, to parse (a large NIO body is copied). */
    public byte[] bytes(int i) {
        Object f = frames[i];
        return f instanceof byte[] b ? b : FrameBodies.toBytes(f);
    }

    /** Length of frame {@code i}. */
    public int length(int i) {
        Object f = frames[i];
        return f instanceof byte[] b ? b.length : FrameBodies.length(f);
    }
}
