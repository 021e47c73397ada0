package dev.river.proxy.zmtp;

import java.nio.ByteBuffer;

/**
 * Turns the bytes after the greeting into ZMTP 3 frames (short and long, MORE, COMMAND), across as many reads as
 * they take, enforcing the frame and message size limits before a body is buffered. A large body is filled
 * straight from the socket ({@link #directTarget}) instead of through the connection's read buffer.
 */
final class ZmtpFrameDecoder {

    /** What the decoder hands over, in order. */
    interface Sink {
        void frame(byte[] body, boolean more) throws ZmtpProtocolException;

        void command(byte[] body) throws ZmtpProtocolException;
    }

    /** Largest command body accepted (READY with its properties, PING). */
    static final int MAX_COMMAND = 64 * 1024;
    /** Most frames in one message. */
    static final int MAX_MESSAGE_FRAMES = 10_000;
    private static final byte[] EMPTY = new byte[0];

    private final long frameLimit;
    private final long messageLimit;
    private int flags = -1;
    private final byte[] size = new byte[8];
    private int sizeRead;
    private byte[] body;
    private int bodyPos;
    private long messageBytes;
    private int messageFrames;

    ZmtpFrameDecoder(long frameLimit, long messageLimit) {
        this.frameLimit = frameLimit;
        this.messageLimit = messageLimit;
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
            if (body == null) {
                int need = (flags & ZmtpFrames.LONG) != 0 ? 8 : 1;
                while (sizeRead < need && in.hasRemaining()) {
                    size[sizeRead++] = in.get();
                }
                if (sizeRead < need) {
                    return;
                }
                startBody(need == 8 ? ByteBuffer.wrap(size).getLong() : size[0] & 0xFF);
                if (body.length == 0) {
                    finish(sink);
                }
                continue;
            }
            int n = Math.min(in.remaining(), body.length - bodyPos);
            in.get(body, bodyPos, n);
            bodyPos += n;
            if (bodyPos == body.length) {
                finish(sink);
            }
        }
    }

    private void startBody(long length) throws ZmtpProtocolException {
        if ((flags & ZmtpFrames.COMMAND) != 0) {
            if (length > MAX_COMMAND) {
                throw new ZmtpProtocolException("command frame of " + length + " bytes");
            }
        } else if (length < 0 || length > frameLimit || messageBytes + length > messageLimit) {
            throw new ZmtpProtocolException("frame of " + Long.toUnsignedString(length) + " bytes above the limit of "
                    + frameLimit + " bytes (river.proxy.max-message-size)");
        } else if (++messageFrames > MAX_MESSAGE_FRAMES) {
            throw new ZmtpProtocolException("message of more than " + MAX_MESSAGE_FRAMES + " frames");
        }
        body = length == 0 ? EMPTY : new byte[(int) length];
        bodyPos = 0;
    }

    private void finish(Sink sink) throws ZmtpProtocolException {
        byte[] b = body;
        int f = flags;
        body = null;
        flags = -1;
        if ((f & ZmtpFrames.COMMAND) != 0) {
            sink.command(b);
            return;
        }
        boolean more = (f & ZmtpFrames.MORE) != 0;
        if (more) {
            messageBytes += b.length;
        } else {
            messageBytes = 0;
            messageFrames = 0;
        }
        sink.frame(b, more);
    }

    /**
     * While a data body has at least {@code threshold} bytes still to come: a buffer over the rest of it, for the
     * connection to read into directly (then {@link #filled}); otherwise null.
     */
    ByteBuffer directTarget(int threshold) {
        if (body == null || (flags & ZmtpFrames.COMMAND) != 0 || body.length - bodyPos < threshold) {
            return null;
        }
        return ByteBuffer.wrap(body, bodyPos, body.length - bodyPos);
    }

    /** After reading into a {@link #directTarget}: takes the bytes in and hands over the frame when complete. */
    void filled(ByteBuffer target, Sink sink) throws ZmtpProtocolException {
        bodyPos = target.position();
        if (bodyPos == body.length) {
            finish(sink);
        }
    }
}
