package dev.river.component.rtp;

/**
 * Reads and checks the fixed RTP header (RFC 3550 section 5.1) in place, on the datagram's own bytes.
 * <p>
 * Every accessor works on {@code (buffer, offset)} so that the consumer, the producer and the H264 reassembler
 * can look at a packet without copying it or creating an object per packet. {@link #validate} is the one place
 * that decides whether a datagram is an RTP packet at all.
 */
public final class RtpPackets {

    /** The fixed header: V/P/X/CC, M/PT, sequence number, timestamp, SSRC. */
    public static final int FIXED_HEADER_LENGTH = 12;

    /** {@link #validate} result: too short for the fixed header, or for what its lengths announce. */
    public static final int TRUNCATED = -1;
    /** {@link #validate} result: version is not 2. */
    public static final int BAD_VERSION = -2;
    /** {@link #validate} result: the CSRC list or header extension runs past the end of the datagram. */
    public static final int BAD_HEADER_LENGTH = -3;
    /** {@link #validate} result: the padding count is zero or larger than the payload. */
    public static final int BAD_PADDING = -4;

    private RtpPackets() {
    }

    /**
     * Checks the header of the RTP packet in {@code buffer[offset, offset+length)}.
     *
     * @return the payload length (0 or more) when the packet is well formed, otherwise one of the negative
     *         constants of this class
     */
    public static int validate(byte[] buffer, int offset, int length) {
        if (length < FIXED_HEADER_LENGTH) {
            return TRUNCATED;
        }
        int b0 = buffer[offset] & 0xFF;
        if ((b0 >>> 6) != 2) {
            return BAD_VERSION;
        }
        int headerLength = FIXED_HEADER_LENGTH + (b0 & 0x0F) * 4;
        if (headerLength > length) {
            return BAD_HEADER_LENGTH;
        }
        if ((b0 & 0x10) != 0) {
            if (headerLength + 4 > length) {
                return BAD_HEADER_LENGTH;
            }
            int words = readUnsignedShort(buffer, offset + headerLength + 2);
            headerLength += 4 + words * 4;
            if (headerLength > length) {
                return BAD_HEADER_LENGTH;
            }
        }
        int padding = 0;
        if ((b0 & 0x20) != 0) {
            padding = buffer[offset + length - 1] & 0xFF;
            if (padding == 0 || headerLength + padding > length) {
                return BAD_PADDING;
            }
        }
        return length - headerLength - padding;
    }

    /**
     * Whether the datagram is RTCP rather than RTP when both share one port (RFC 5761 section 4): packet types
     * 192-223 sit where an RTP marker bit and payload type 64-95 would be.
     */
    public static boolean isRtcp(byte[] buffer, int offset, int length) {
        if (length < 2) {
            return false;
        }
        int pt = buffer[offset + 1] & 0xFF;
        return pt >= 192 && pt <= 223;
    }

    /** Offset of the payload, for a packet that passed {@link #validate}. */
    public static int payloadOffset(byte[] buffer, int offset) {
        int b0 = buffer[offset] & 0xFF;
        int headerLength = FIXED_HEADER_LENGTH + (b0 & 0x0F) * 4;
        if ((b0 & 0x10) != 0) {
            headerLength += 4 + readUnsignedShort(buffer, offset + headerLength + 2) * 4;
        }
        return offset + headerLength;
    }

    public static boolean marker(byte[] buffer, int offset) {
        return (buffer[offset + 1] & 0x80) != 0;
    }

    public static int payloadType(byte[] buffer, int offset) {
        return buffer[offset + 1] & 0x7F;
    }

    /** The 16-bit sequence number, 0-65535. */
    public static int sequenceNumber(byte[] buffer, int offset) {
        return readUnsignedShort(buffer, offset + 2);
    }

    /** The 32-bit RTP timestamp, unsigned. */
    public static long timestamp(byte[] buffer, int offset) {
        return readInt(buffer, offset + 4) & 0xFFFFFFFFL;
    }

    /** The 32-bit SSRC, unsigned. */
    public static long ssrc(byte[] buffer, int offset) {
        return readInt(buffer, offset + 8) & 0xFFFFFFFFL;
    }

    public static void setSequenceNumber(byte[] buffer, int offset, int sequenceNumber) {
        buffer[offset + 2] = (byte) (sequenceNumber >>> 8);
        buffer[offset + 3] = (byte) sequenceNumber;
    }

    public static void setTimestamp(byte[] buffer, int offset, long timestamp) {
        writeInt(buffer, offset + 4, (int) timestamp);
    }

    public static void setSsrc(byte[] buffer, int offset, long ssrc) {
        writeInt(buffer, offset + 8, (int) ssrc);
    }

    /** The signed distance from sequence number {@code from} to {@code to}, modulo 2^16 (-32768..32767). */
    public static int sequenceDistance(int from, int to) {
        return (short) (to - from);
    }

    /**
     * An RTCP Picture Loss Indication (RFC 4585 section 6.3.1): the receiver asks the sender of {@code mediaSsrc}
     * for a keyframe.
     */
    public static byte[] pictureLossIndication(long senderSsrc, long mediaSsrc) {
        byte[] pli = new byte[12];
        pli[0] = (byte) 0x81; // V=2, P=0, FMT=1 (PLI)
        pli[1] = (byte) 206; // PT=PSFB
        pli[3] = 2; // length in 32-bit words minus one
        writeInt(pli, 4, (int) senderSsrc);
        writeInt(pli, 8, (int) mediaSsrc);
        return pli;
    }

    static int readUnsignedShort(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static int readInt(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static void writeInt(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
