package dev.river.proxy.zmtp;

import java.nio.ByteBuffer;

/**
 * Turns the bytes after the greeting into ZMTP 3 frames (short and long, MORE, COMMAND), across as many reads as
 * they take, enforcing the frame and message size limits before a body is buffered. A large data body goes into
 * pooled direct memory ({@link ZmtpBodyPool}) and, once the read buffer is used up, is read from the socket straight
 * into it ({@link #directTarget}); smaller bodies and commands become byte arrays.
 */
final class ZmtpFrameDecoder {

    /** What the decoder hands over, in order; a frame body is a {@code byte[]} or a pooled body (one reference). */
    interface Sink {
        void frame(Object body, int length, boolean more) throws ZmtpProtocolException;

        void command(byte[] body) throws ZmtpProtocolException;
    }

    /** Largest command body accepted (READY with its properties, PING). */
    static final int MAX_COMMAND = 64 * 1024;
    /** Most frames in one message. */
    static final int MAX_MESSAGE_FRAMES = 10_000;
    private static final byte[] EMPTY = new byte[0];

    private final long frameLimit;
    private final long messageLimit;
    private final ZmtpBodyPool pool;
    private int flags = -1;
    private final byte[] size = new byte[8];
    private int sizeRead;
    private boolean inBody;
    private byte[] body;
    private ZmtpBodyPool.Body pooled;
    private int bodyLength;
    private int bodyPos;
    private long messageBytes;
    private int messageFrames;

    ZmtpFrameDecoder(long frameLimit, long messageLimit, ZmtpBodyPool pool) {
        this.frameLimit = frameLimit;
        this.messageLimit = messageLimit;
        this.pool = pool;
    }

    /** True inside a frame or between the frames of one message (the peer closing now truncates it). */
    boolean inMessage() {
        return flags >= 0 || messageFrames > 0;
    }

    /** Decodes everything {@code in} holds. */
    void decode(ByteBuffer in, Sink sink) throws ZmtpProtocolException {
        while (in.hasRemaining()) {
            if (flags < 0) {
                flags = in.get() & 0xFF;
                sizeRead = 0;
                continue;
            }
            if (!inBody) {
                int need = (flags & ZmtpFrames.LONG) != 0 ? 8 : 1;
                while (sizeRead < need && in.hasRemaining()) {
                    size[sizeRead++] = in.get();
                }
                if (sizeRead < need) {
                    return;
                }
                startBody(need == 8 ? ByteBuffer.wrap(size).getLong() : size[0] & 0xFF);
                if (bodyLength == 0) {
                    finish(sink);
                }
                continue;
            }
            int n = Math.min(in.remaining(), bodyLength - bodyPos);
            if (pooled != null) {
                ByteBuffer src = in.duplicate();
                src.limit(src.position() + n);
                pooled.fill().put(src);
                in.position(in.position() + n);
            } else {
                in.get(body, bodyPos, n);
            }
            bodyPos += n;
            if (bodyPos == bodyLength) {
                finish(sink);
            }
        }
    }

    private void startBody(long length) throws ZmtpProtocolException {
        boolean command = (flags & ZmtpFrames.COMMAND) != 0;
        if (command) {
            if (length < 0 || length > MAX_COMMAND) {
                throw new ZmtpProtocolException("command frame of " + Long.toUnsignedString(length) + " bytes");
            }
        } else if (length < 0 || length > frameLimit || messageBytes + length > messageLimit) {
            throw new ZmtpProtocolException("frame of " + Long.toUnsignedString(length) + " bytes above the limit of "
                    + frameLimit + " bytes (river.proxy.max-message-size)");
        } else if (++messageFrames > MAX_MESSAGE_FRAMES) {
            throw new ZmtpProtocolException("message of more than " + MAX_MESSAGE_FRAMES + " frames");
        }
        inBody = true;
        bodyLength = (int) length;
        bodyPos = 0;
        if (!command && ZmtpBodyPool.pooled(length)) {
            pooled = pool.take(bodyLength);
        } else {
            body = length == 0 ? EMPTY : new byte[bodyLength];
        }
    }

    private void finish(Sink sink) throws ZmtpProtocolException {
        Object b = pooled != null ? pooled : body;
        int length = bodyLength;
        int f = flags;
        body = null;
        pooled = null;
        inBody = false;
        flags = -1;
        if ((f & ZmtpFrames.COMMAND) != 0) {
            sink.command((byte[]) b);
            return;
        }
        boolean more = (f & ZmtpFrames.MORE) != 0;
        if (more) {
            messageBytes += length;
        } else {
            messageBytes = 0;
            messageFrames = 0;
        }
        sink.frame(b, length, more);
    }

    /**
     * While a data body has at least {@code threshold} bytes still to come: the buffer to read the rest into
     * directly (then {@link #filled}); otherwise null.
     */
    ByteBuffer directTarget(int threshold) {
        if (!inBody || bodyLength - bodyPos < threshold || (flags & ZmtpFrames.COMMAND) != 0) {
            return null;
        }
        return pooled != null ? pooled.fill() : ByteBuffer.wrap(body, bodyPos, bodyLength - bodyPos);
    }

    /** After reading into a {@link #directTarget}: takes the bytes in and hands over the frame when complete. */
    void filled(ByteBuffer target, Sink sink) throws ZmtpProtocolException {
        bodyPos = target.position();
        if (bodyPos == bodyLength) {
            finish(sink);
        }
    }

    /** Gives back a body half-read when the connection closes. */
    void discard() {
        if (pooled != null) {
            pooled.release();
            pooled = null;
        }
        body = null;
    }
}
