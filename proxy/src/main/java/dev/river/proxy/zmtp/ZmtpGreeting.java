package dev.river.proxy.zmtp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The 64-byte ZMTP 3 greeting (rfc.zeromq.org spec 23 and 37): ours (version 3.1, mechanism NULL, not as-server),
 * sent in two steps (signature, then the rest once the peer's signature arrived), and the check of a peer's, byte
 * by byte as it arrives so that garbage is refused at its first wrong byte.
 * Peers announcing 3.0 or 3.1 (any 3.x) with the NULL mechanism are accepted.
 */
public final class ZmtpGreeting {

    /** Bytes in a ZMTP 3 greeting. */
    public static final int SIZE = 64;

    private static final int MECHANISM_OFFSET = 12;
    private static final int MECHANISM_SIZE = 20;
    private static final byte[] NULL = "NULL".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] OURS = build();

    private ZmtpGreeting() {
    }

    private static byte[] build() {
        byte[] g = new byte[SIZE];
        g[0] = (byte) 0xFF; // signature: 0xFF, 8 padding bytes (a ZMTP 1.0 length of 1), 0x7F
        g[8] = 0x01;
        g[9] = 0x7F;
        g[10] = 3; // version 3.1
        g[11] = 1;
        System.arraycopy(NULL, 0, g, MECHANISM_OFFSET, NULL.length);
        // g[32]: as-server 0 (NULL has no roles); 31 filler bytes 0
        return g;
    }

    /** Bytes of the signature, the part sent before anything is known of the peer. */
    public static final int SIGNATURE = 10;

    /** The signature of our greeting, sent as soon as a peer connects. */
    public static ByteBuffer signature() {
        return ByteBuffer.wrap(OURS, 0, SIGNATURE).slice();
    }

    /**
     * The rest of our greeting, sent once the peer's signature arrived: libzmq and JeroMQ send their greeting in
     * these two steps, and JeroMQ 0.6.0 can stall a fresh connection that receives the whole greeting before it
     * wrote its own signature.
     */
    public static ByteBuffer rest() {
        return ByteBuffer.wrap(OURS, SIGNATURE, SIZE - SIGNATURE).slice();
    }

    /**
     * Checks the first {@code count} received bytes of a peer's greeting ({@code g.get(0..count-1)}, absolute).
     *
     * @throws ZmtpProtocolException naming what is wrong
     */
    public static void check(ByteBuffer g, int count) throws ZmtpProtocolException {
        if (count > 0 && (g.get(0) & 0xFF) != 0xFF) {
            throw new ZmtpProtocolException("not a ZMTP greeting (first byte 0x"
                    + Integer.toHexString(g.get(0) & 0xFF) + ")");
        }
        if (count > 9 && g.get(9) != 0x7F) {
            throw new ZmtpProtocolException("not a ZMTP 3 greeting (signature byte 10 is 0x"
                    + Integer.toHexString(g.get(9) & 0xFF) + ")");
        }
        if (count > 10 && g.get(10) != 3) {
            throw new ZmtpProtocolException("ZMTP version " + g.get(10) + " (3.0 or 3.1 expected)");
        }
        if (count >= MECHANISM_OFFSET + MECHANISM_SIZE) {
            for (int i = 0; i < MECHANISM_SIZE; i++) {
                byte expected = i < NULL.length ? NULL[i] : 0;
                if (g.get(MECHANISM_OFFSET + i) != expected) {
                    throw new ZmtpProtocolException("security mechanism '" + mechanism(g)
                            + "' (this transport speaks NULL; CURVE needs river.proxy.transport=jeromq)");
                }
            }
        }
    }

    private static String mechanism(ByteBuffer g) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < MECHANISM_SIZE; i++) {
            int c = g.get(MECHANISM_OFFSET + i) & 0xFF;
            if (c == 0) {
                break;
            }
            sb.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return sb.toString();
    }
}
