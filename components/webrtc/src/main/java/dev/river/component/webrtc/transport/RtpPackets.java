package dev.river.component.webrtc.transport;

/**
 * Reads and rewrites the fixed RTP header (RFC 3550) in place, and tells RTP from RTCP when both share one port
 * (RFC 5761). Static helpers over byte arrays, because every packet passes through here and allocation matters.
 */
public final class RtpPackets {

    /** The fixed header length without CSRCs or extension. */
    public static final int FIXED_HEADER = 12;

    private RtpPackets() {
    }

    /** Whether a muxed packet is RTCP: version 2 and a payload type byte in 192..223 (SR, RR, SDES, BYE, APP, RTPFB, PSFB...). */
    public static boolean isRtcp(byte[] b, int off, int len) {
        if (len < 8 || (b[off] & 0xC0) != 0x80) {
            return false;
        }
        int pt = b[off + 1] & 0xFF;
        return pt >= 192 && pt <= 223;
    }

    /**
     * Validates an RTP packet and returns the offset of its payload relative to {@code off}, or -1 when it is not a
     * well-formed RTP packet (version, CSRC count, extension and padding within bounds).
     */
    public static int payloadOffset(byte[] b, int off, int len) {
        if (len < FIXED_HEADER || (b[off] & 0xC0) != 0x80) {
            return -1;
        }
        int header = FIXED_HEADER + 4 * (b[off] & 0x0F);
        if ((b[off] & 0x10) != 0) {
            if (len < header + 4) {
                return -1;
            }
            int words = ((b[off + header + 2] & 0xFF) << 8) | (b[off + header + 3] & 0xFF);
            header += 4 + 4 * words;
        }
        int padding = 0;
        if ((b[off] & 0x20) != 0) {
            if (len <= header) {
                return -1;
            }
            padding = b[off + len - 1] & 0xFF;
            if (padding == 0) {
                return -1;
            }
        }
        if (header + padding > len) {
            return -1;
        }
        return header;
    }

    /** The payload length (without padding) of a packet already validated by {@link #payloadOffset}. */
    public static int payloadLength(byte[] b, int off, int len, int payloadOffset) {
        int padding = (b[off] & 0x20) != 0 ? b[off + len - 1] & 0xFF : 0;
        return len - payloadOffset - padding;
    }

    public static int payloadType(byte[] b, int off) {
        return b[off + 1] & 0x7F;
    }

    public static boolean marker(byte[] b, int off) {
        return (b[off + 1] & 0x80) != 0;
    }

    public static int sequenceNumber(byte[] b, int off) {
        return ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    public static long timestamp(byte[] b, int off) {
        return readUint32(b, off + 4);
    }

    public static long ssrc(byte[] b, int off) {
        return readUint32(b, off + 8);
    }

    public static void setPayloadType(byte[] b, int off, int payloadType) {
        b[off + 1] = (byte) ((b[off + 1] & 0x80) | (payloadType & 0x7F));
    }

    public static void setSequenceNumber(byte[] b, int off, int seq) {
        b[off + 2] = (byte) (seq >>> 8);
        b[off + 3] = (byte) seq;
    }

    public static void setTimestamp(byte[] b, int off, long ts) {
        writeUint32(b, off + 4, ts);
    }

    public static void setSsrc(byte[] b, int off, long ssrc) {
        writeUint32(b, off + 8, ssrc);
    }

    public static long readUint32(byte[] b, int off) {
        return ((long) (b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8)
               | (b[off + 3] & 0xFF);
    }

    public static void writeUint32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /**
     * Whether an H264 RTP payload (RFC 6184) starts or contains an IDR slice or SPS: single NAL type 5/7, STAP-A
     * with such a NAL, or the first FU-A fragment of an IDR.
     */
    public static boolean isH264Keyframe(byte[] b, int payloadOffset, int payloadLength) {
        if (payloadLength < 1) {
            return false;
        }
        int type = b[payloadOffset] & 0x1F;
        if (type == 5 || type == 7) {
            return true;
        }
        if (type == 28 && payloadLength >= 2) {
            int fu = b[payloadOffset + 1] & 0xFF;
            return (fu & 0x80) != 0 && ((fu & 0x1F) == 5 || (fu & 0x1F) == 7);
        }
        if (type == 24) {
            int p = payloadOffset + 1;
            int end = payloadOffset + payloadLength;
            while (p + 2 < end) {
                int size = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
                int inner = b[p + 2] & 0x1F;
                if (inner == 5 || inner == 7) {
                    return true;
                }
                p += 2 + size;
            }
        }
        return false;
    }
}
