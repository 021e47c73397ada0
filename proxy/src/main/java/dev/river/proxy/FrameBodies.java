package dev.river.proxy;

/**
 * The two forms a forwarded frame body takes: {@code byte[]} (JeroMQ, small frames) or a {@link FrameBody} (a large
 * body the NIO transport forwards from the memory it was read into). Retain and release do nothing for arrays.
 */
public final class FrameBodies {

    private FrameBodies() {
    }

    /** Bytes of a frame body. */
    public static int length(Object body) {
        if (body instanceof byte[] b) {
            return b.length;
        }
        return ((FrameBody) body).length();
    }

    /** A frame body as a new (or the same) byte array. */
    public static byte[] toBytes(Object body) {
        if (body instanceof byte[] b) {
            return b;
        }
        java.nio.ByteBuffer bb = ((FrameBody) body).buffer();
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        return out;
    }

    /** One more holder of {@code body}. */
    public static void retain(Object body) {
        if (body instanceof FrameBody f) {
            f.retain();
        }
    }

    /** One holder fewer of {@code body}. */
    public static void release(Object body) {
        if (body instanceof FrameBody f) {
            f.release();
        }
    }
}
