package dev.river.component.webrtc.rtcp;

import java.util.ArrayList;
import java.util.List;

import dev.river.component.webrtc.transport.RtpPackets;

/**
 * Builds the RTCP river sends (RFC 3550 SR/RR, RFC 4585 generic NACK and PLI, REMB from
 * draft-alvestrand-rmcat-remb) and walks incoming compound packets for the feedback it acts on.
 */
public final class RtcpPackets {

    public static final int SR = 200;
    public static final int RR = 201;
    public static final int RTPFB = 205;
    public static final int PSFB = 206;

    /** Receives the feedback found in an incoming compound packet. */
    public interface FeedbackHandler {
        default void nack(long mediaSsrc, int[] sequenceNumbers) {
        }

        default void pictureLoss(long mediaSsrc) {
        }

        default void senderReport(long senderSsrc, long ntpMiddle32) {
        }
    }

    private RtcpPackets() {
    }

    /** One report block's worth of reception facts. */
    public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSeq, long jitter,
                              long lastSr, long delaySinceLastSr) {
    }

    /** Receiver report with at most one report block. */
    public static byte[] receiverReport(long senderSsrc, ReportBlock block) {
        int count = block == null ? 0 : 1;
        byte[] b = new byte[8 + 24 * count];
        header(b, 0, count, RR, b.length);
        RtpPackets.writeUint32(b, 4, senderSsrc);
        if (block != null) {
            reportBlock(b, 8, block);
        }
        return b;
    }

    /** Sender report without report blocks. */
    public static byte[] senderReport(long senderSsrc, long ntpTime, long rtpTimestamp, long packets, long octets) {
        byte[] b = new byte[28];
        header(b, 0, 0, SR, b.length);
        RtpPackets.writeUint32(b, 4, senderSsrc);
        RtpPackets.writeUint32(b, 8, ntpTime >>> 32);
        RtpPackets.writeUint32(b, 12, ntpTime & 0xFFFFFFFFL);
        RtpPackets.writeUint32(b, 16, rtpTimestamp);
        RtpPackets.writeUint32(b, 20, packets);
        RtpPackets.writeUint32(b, 24, octets);
        return b;
    }

    /** Picture loss indication (PSFB, FMT 1). */
    public static byte[] pictureLossIndication(long senderSsrc, long mediaSsrc) {
        byte[] b = new byte[12];
        header(b, 0, 1, PSFB, b.length);
        RtpPackets.writeUint32(b, 4, senderSsrc);
        RtpPackets.writeUint32(b, 8, mediaSsrc);
        return b;
    }

    /** Generic NACK (RTPFB, FMT 1) for the given sequence numbers, packed into PID/BLP pairs. */
    public static byte[] nack(long senderSsrc, long mediaSsrc, int[] sequenceNumbers) {
        List<int[]> pairs = new ArrayList<>();
        int[] sorted = sequenceNumbers.clone();
        java.util.Arrays.sort(sorted);
        int i = 0;
        while (i < sorted.length) {
            int pid = sorted[i];
            int blp = 0;
            int j = i + 1;
            while (j < sorted.length) {
                int d = ((sorted[j] - pid) & 0xFFFF) - 1;
                if (d < 0 || d >= 16) {
                    break;
                }
                blp |= 1 << d;
                j++;
            }
            pairs.add(new int[] { pid, blp });
            i = j;
        }
        byte[] b = new byte[12 + 4 * pairs.size()];
        header(b, 0, 1, RTPFB, b.length);
        RtpPackets.writeUint32(b, 4, senderSsrc);
        RtpPackets.writeUint32(b, 8, mediaSsrc);
        int p = 12;
        for (int[] pair : pairs) {
            b[p] = (byte) (pair[0] >>> 8);
            b[p + 1] = (byte) pair[0];
            b[p + 2] = (byte) (pair[1] >>> 8);
            b[p + 3] = (byte) pair[1];
            p += 4;
        }
        return b;
    }

    /** Receiver estimated maximum bitrate (PSFB, FMT 15, "REMB") for the given media SSRCs. */
    public static byte[] remb(long senderSsrc, long bitrate, long... mediaSsrcs) {
        byte[] b = new byte[20 + 4 * mediaSsrcs.length];
        header(b, 0, 15, PSFB, b.length);
        RtpPackets.writeUint32(b, 4, senderSsrc);
        // media source SSRC is 0 for REMB
        b[12] = 'R';
        b[13] = 'E';
        b[14] = 'M';
        b[15] = 'B';
        int exp = 0;
        long mantissa = bitrate;
        while (mantissa > 0x3FFFF) {
            mantissa >>= 1;
            exp++;
        }
        b[16] = (byte) mediaSsrcs.length;
        b[17] = (byte) ((exp << 2) | (int) (mantissa >>> 16));
        b[18] = (byte) (mantissa >>> 8);
        b[19] = (byte) mantissa;
        for (int i = 0; i < mediaSsrcs.length; i++) {
            RtpPackets.writeUint32(b, 20 + 4 * i, mediaSsrcs[i]);
        }
        return b;
    }

    /** Concatenates RTCP packets into one compound packet. */
    public static byte[] compound(byte[]... packets) {
        int length = 0;
        for (byte[] p : packets) {
            length += p.length;
        }
        byte[] b = new byte[length];
        int off = 0;
        for (byte[] p : packets) {
            System.arraycopy(p, 0, b, off, p.length);
            off += p.length;
        }
        return b;
    }

    /** The sender SSRC of the first packet of a compound (what SRTCP keys its context on). */
    public static long senderSsrc(byte[] b, int off) {
        return RtpPackets.readUint32(b, off + 4);
    }

    /**
     * Walks a (decrypted) compound packet and reports NACKs, PLIs/FIRs and sender reports; returns false when the
     * structure is malformed (lengths overrun), in which case nothing after the bad packet is reported.
     */
    public static boolean parse(byte[] b, int off, int len, FeedbackHandler handler) {
        int p = off;
        int end = off + len;
        while (p + 4 <= end) {
            if ((b[p] & 0xC0) != 0x80) {
                return false;
            }
            int fmt = b[p] & 0x1F;
            int pt = b[p + 1] & 0xFF;
            int size = 4 * ((((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF)) + 1);
            if (p + size > end) {
                return false;
            }
            if (pt == SR && size >= 28) {
                long ntpMiddle = (RtpPackets.readUint32(b, p + 8) & 0xFFFF) << 16 | (RtpPackets.readUint32(b, p + 12) >>> 16);
                handler.senderReport(RtpPackets.readUint32(b, p + 4), ntpMiddle);
            } else if (pt == RTPFB && fmt == 1 && size >= 16) {
                long media = RtpPackets.readUint32(b, p + 8);
                List<Integer> seqs = new ArrayList<>();
                for (int q = p + 12; q + 4 <= p + size; q += 4) {
                    int pid = ((b[q] & 0xFF) << 8) | (b[q + 1] & 0xFF);
                    int blp = ((b[q + 2] & 0xFF) << 8) | (b[q + 3] & 0xFF);
                    seqs.add(pid);
                    for (int bit = 0; bit < 16; bit++) {
                        if ((blp & (1 << bit)) != 0) {
                            seqs.add((pid + bit + 1) & 0xFFFF);
                        }
                    }
                }
                handler.nack(media, seqs.stream().mapToInt(Integer::intValue).toArray());
            } else if (pt == PSFB && (fmt == 1 || fmt == 4) && size >= 12) {
                long media = fmt == 1 ? RtpPackets.readUint32(b, p + 8)
                        : size >= 20 ? RtpPackets.readUint32(b, p + 12) : 0;
                handler.pictureLoss(media);
            }
            p += size;
        }
        return p == end;
    }

    private static void header(byte[] b, int off, int countOrFmt, int pt, int length) {
        b[off] = (byte) (0x80 | (countOrFmt & 0x1F));
        b[off + 1] = (byte) pt;
        int words = length / 4 - 1;
        b[off + 2] = (byte) (words >>> 8);
        b[off + 3] = (byte) words;
    }

    private static void reportBlock(byte[] b, int off, ReportBlock block) {
        RtpPackets.writeUint32(b, off, block.ssrc());
        int lost = Math.max(-0x800000, Math.min(0x7FFFFF, block.cumulativeLost()));
        b[off + 4] = (byte) block.fractionLost();
        b[off + 5] = (byte) (lost >>> 16);
        b[off + 6] = (byte) (lost >>> 8);
        b[off + 7] = (byte) lost;
        RtpPackets.writeUint32(b, off + 8, block.extendedHighestSeq());
        RtpPackets.writeUint32(b, off + 12, block.jitter());
        RtpPackets.writeUint32(b, off + 16, block.lastSr());
        RtpPackets.writeUint32(b, off + 20, block.delaySinceLastSr());
    }
}
