package dev.river.proxy.zmtp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ZMTP 3 command bodies: READY with its metadata properties (name-length byte, name, 4-byte big-endian value
 * length, value), PING/PONG (spec 37) and ERROR; parsing a received command's name and properties, encoding the
 * commands this ROUTER sends.
 */
public final class ZmtpCommand {

    public static final String READY = "READY";
    public static final String PING = "PING";
    public static final String PONG = "PONG";
    public static final String ERROR = "ERROR";

    /** PING context: at most 16 bytes (spec 37). */
    private static final int MAX_PING_CONTEXT = 16;

    private ZmtpCommand() {
    }

    /** The command name of {@code body}. */
    public static String name(byte[] body) throws ZmtpProtocolException {
        if (body.length < 1 || body.length < 1 + (body[0] & 0xFF)) {
            throw new ZmtpProtocolException("command frame without a readable name");
        }
        return new String(body, 1, body[0] & 0xFF, StandardCharsets.US_ASCII);
    }

    /** The metadata properties of a READY body (names as sent). */
    public static Map<String, byte[]> properties(byte[] body) throws ZmtpProtocolException {
        Map<String, byte[]> props = new LinkedHashMap<>();
        int i = 1 + (body[0] & 0xFF);
        while (i < body.length) {
            int nameLength = body[i++] & 0xFF;
            if (nameLength == 0 || i + nameLength + 4 > body.length) {
                throw new ZmtpProtocolException("READY with a truncated property");
            }
            String name = new String(body, i, nameLength, StandardCharsets.US_ASCII);
            i += nameLength;
            long valueLength = ((body[i] & 0xFFL) << 24) | ((body[i + 1] & 0xFF) << 16) | ((body[i + 2] & 0xFF) << 8)
                    | (body[i + 3] & 0xFF);
            i += 4;
            if (valueLength > body.length - i) {
                throw new ZmtpProtocolException("READY property " + name + " longer than the command");
            }
            byte[] value = new byte[(int) valueLength];
            System.arraycopy(body, i, value, 0, value.length);
            i += value.length;
            props.put(name, value);
        }
        return props;
    }

    /** Frame for our READY: Socket-Type ROUTER and an empty Identity (as libzmq's ROUTER sends). */
    public static ByteBuffer ready(String socketType) {
        byte[] type = socketType.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer body = ByteBuffer.allocate(6 + 1 + 11 + 4 + type.length + 1 + 8 + 4);
        body.put((byte) 5).put(READY.getBytes(StandardCharsets.US_ASCII));
        property(body, "Socket-Type", type);
        property(body, "Identity", new byte[0]);
        body.flip();
        byte[] b = new byte[body.remaining()];
        body.get(b);
        return frame(b);
    }

    private static void property(ByteBuffer body, String name, byte[] value) {
        body.put((byte) name.length()).put(name.getBytes(StandardCharsets.US_ASCII)).putInt(value.length).put(value);
    }

    /** Frame for PONG answering a PING body (its context echoed). */
    public static ByteBuffer pong(byte[] ping) {
        int contextStart = 1 + 4 + 2;
        int contextLength = Math.max(0, Math.min(MAX_PING_CONTEXT, ping.length - contextStart));
        byte[] b = new byte[5 + contextLength];
        b[0] = 4;
        System.arraycopy(PONG.getBytes(StandardCharsets.US_ASCII), 0, b, 1, 4);
        if (contextLength > 0) {
            System.arraycopy(ping, contextStart, b, 5, contextLength);
        }
        return frame(b);
    }

    /** Frame for ERROR with a reason (at most 255 bytes), sent before a handshake failure closes a connection. */
    public static ByteBuffer error(String reason) {
        byte[] r = reason.getBytes(StandardCharsets.US_ASCII);
        int length = Math.min(255, r.length);
        byte[] b = new byte[6 + 1 + length];
        b[0] = 5;
        System.arraycopy(ERROR.getBytes(StandardCharsets.US_ASCII), 0, b, 1, 5);
        b[6] = (byte) length;
        System.arraycopy(r, 0, b, 7, length);
        return frame(b);
    }

    private static ByteBuffer frame(byte[] body) {
        ByteBuffer f = ByteBuffer.allocate(9 + body.length);
        if (body.length <= 255) {
            f.put(ZmtpFrames.COMMAND).put((byte) body.length);
        } else {
            f.put((byte) (ZmtpFrames.COMMAND | ZmtpFrames.LONG)).putLong(body.length);
        }
        f.put(body).flip();
        return f;
    }
}
