package dev.river.proxy;

import java.nio.ByteBuffer;

/**
 * The two forms a forwarded frame body takes: {@code byte[]} (JeroMQ, small frames) or a read-only
 * {@link ByteBuffer} holding a large body the NIO transport read once and forwards from the same memory.
 */
public final class FrameBodies {

    private FrameBodies() {
    }

    /** Bytes of a frame body. */
    public static int length(Object body) {
        if (body instanceof byte[] b) {
            return b.length;
        }
        return ((ByteBuffer) body).remaining();
    }

    /** A frame body as a new (or the same) byte array. */
    public static byte[] toBytes(Object body) {
        if (body instanceof byte[] b) {
            return b;
        }
        ByteBuffer bb = ((ByteBuffer) body).duplicate();
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        return out;
    }
}
