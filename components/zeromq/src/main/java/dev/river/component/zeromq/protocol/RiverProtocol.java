package dev.river.component.zeromq.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Constants of the RIVER/1 wire protocol spoken between clients, the broker and workers.
 * docs/protocol.md is the normative description; this class only names its bytes so that every
 * Java participant agrees on them.
 */
public final class RiverProtocol {

    /** Protocol id of the client side (frame 1 of every client/broker message). */
    public static final String CLIENT = "RIVER1C";
    /** Protocol id of the worker side (frame 1 of every worker/broker message). */
    public static final String WORKER = "RIVER1W";

    public static final String REQUEST = "REQUEST";
    public static final String REPLY = "REPLY";
    public static final String PING = "PING";
    public static final String PONG = "PONG";
    public static final String STATS = "STATS";
    public static final String READY = "READY";
    public static final String HEARTBEAT = "HEARTBEAT";
    public static final String DISCONNECT = "DISCONNECT";

    public static final String STATUS_OK = "OK";
    public static final String STATUS_ERROR = "ERROR";
    public static final String STATUS_BAD_REQUEST = "BAD_REQUEST";
    public static final String STATUS_UNKNOWN_MODEL = "UNKNOWN_MODEL";
    public static final String STATUS_EXPIRED = "EXPIRED";
    public static final String STATUS_NO_WORKER = "NO_WORKER";
    public static final String STATUS_OVERLOADED = "OVERLOADED";
    public static final String STATUS_WORKER_LOST = "WORKER_LOST";
    /** The broker is stopping: the request was not run (retry against another or the restarted broker). */
    public static final String STATUS_SHUTTING_DOWN = "SHUTTING_DOWN";

    /** Frames of a client REQUEST including the empty delimiter. */
    public static final int CLIENT_REQUEST_FRAMES = 8;
    /** Frames of a client REPLY including the empty delimiter. */
    public static final int CLIENT_REPLY_FRAMES = 7;
    /** Frames of a worker READY including the empty delimiter. */
    public static final int WORKER_READY_FRAMES = 6;
    /** Frames of a broker-to-worker REQUEST including the empty delimiter. */
    public static final int WORKER_REQUEST_FRAMES = 8;
    /** Frames of a worker REPLY including the empty delimiter. */
    public static final int WORKER_REPLY_FRAMES = 7;

    public static final int MAX_REQUEST_ID_BYTES = 255;
    public static final int MAX_MODEL_BYTES = 128;
    public static final int MAX_WORKER_NAME_BYTES = 128;
    public static final int MAX_SLOTS = 1024;
    public static final int JOB_ID_BYTES = 8;
    public static final int DEADLINE_BYTES = 8;

    public static final byte[] EMPTY = new byte[0];
    public static final byte[] CLIENT_BYTES = ascii(CLIENT);
    public static final byte[] WORKER_BYTES = ascii(WORKER);

    private RiverProtocol() {
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Encodes an epoch-millisecond deadline as the 8-byte big-endian frame. */
    public static byte[] encodeDeadline(long epochMillis) {
        byte[] b = new byte[DEADLINE_BYTES];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) epochMillis;
            epochMillis >>>= 8;
        }
        return b;
    }

    /** Decodes the 8-byte big-endian deadline frame; throws IllegalArgumentException on any other size. */
    public static long decodeDeadline(byte[] frame) {
        if (frame == null || frame.length != DEADLINE_BYTES) {
            throw new IllegalArgumentException("deadline frame must be 8 bytes, got "
                    + (frame == null ? "none" : frame.length));
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (frame[i] & 0xff);
        }
        return v;
    }
}
