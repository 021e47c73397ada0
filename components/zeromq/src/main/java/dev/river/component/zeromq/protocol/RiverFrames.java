package dev.river.component.zeromq.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.zeromq.ZMQ;

/**
 * Byte-level helpers for RIVER/1 frames: command constants as bytes, id and hex codecs, and reading a multipart
 * message into a reusable frame array so the I/O threads allocate nothing beyond the frames themselves.
 */
public final class RiverFrames {

    public static final byte[] REQUEST = RiverProtocol.ascii(RiverProtocol.REQUEST);
    public static final byte[] REPLY = RiverProtocol.ascii(RiverProtocol.REPLY);
    public static final byte[] PING = RiverProtocol.ascii(RiverProtocol.PING);
    public static final byte[] PONG = RiverProtocol.ascii(RiverProtocol.PONG);
    public static final byte[] STATS = RiverProtocol.ascii(RiverProtocol.STATS);
    public static final byte[] READY = RiverProtocol.ascii(RiverProtocol.READY);
    public static final byte[] HEARTBEAT = RiverProtocol.ascii(RiverProtocol.HEARTBEAT);
    public static final byte[] DISCONNECT = RiverProtocol.ascii(RiverProtocol.DISCONNECT);
    public static final byte[] STATUS_OK = RiverProtocol.ascii(RiverProtocol.STATUS_OK);
    public static final byte[] EMPTY_JSON = RiverProtocol.ascii("{}");

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RiverFrames() {
    }

    /** Whether a frame holds exactly the given constant. */
    public static boolean is(byte[] frame, byte[] constant) {
        return Arrays.equals(frame, constant);
    }

    /** Encodes a request id counter as the 8-byte big-endian id frame. */
    public static byte[] encodeId(long id) {
        return RiverProtocol.encodeDeadline(id);
    }

    /** Decodes an 8-byte id frame; returns -1 for any other size (never a valid counter value). */
    public static long decodeId(byte[] frame) {
        if (frame == null || frame.length != 8) {
            return -1;
        }
        return RiverProtocol.decodeDeadline(frame);
    }

    /** Lower-case hex of a frame, as used in the CamelZeroMQRequestId header. */
    public static String hex(byte[] frame) {
        char[] out = new char[frame.length * 2];
        for (int i = 0; i < frame.length; i++) {
            out[2 * i] = HEX[(frame[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[frame[i] & 0xf];
        }
        return new String(out);
    }

    public static String utf8(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads one multipart message into {@code frames}. Returns the number of frames the message had (which may be
     * more than {@code frames.length}: the excess is read and discarded, so the caller can count it as malformed), or
     * 0 when no message was waiting and {@code flags} contained DONTWAIT.
     */
    public static int receive(ZMQ.Socket socket, byte[][] frames, int flags) {
        byte[] frame = socket.recv(flags);
        if (frame == null) {
            return 0;
        }
        int n = 0;
        frames[n++] = frame;
        while (socket.hasReceiveMore()) {
            frame = socket.recv(0);
            if (n < frames.length) {
                frames[n] = frame;
            }
            n++;
        }
        return n;
    }

    /** Sends the frames as one multipart message; false when the socket would block (DONTWAIT) or failed. */
    public static boolean send(ZMQ.Socket socket, int flags, byte[]... frames) {
        int last = frames.length - 1;
        for (int i = 0; i < last; i++) {
            if (!socket.send(frames[i], flags | ZMQ.SNDMORE)) {
                return false;
            }
        }
        return socket.send(frames[last], flags);
    }
}
