package dev.river.component.webrtc.rtcp;

import java.util.concurrent.ThreadLocalRandom;

import dev.river.component.webrtc.transport.RtpPackets;

/**
 * The stream river sends for one session: its own SSRC, contiguous sequence numbers (whatever was dropped upstream),
 * and timestamps shifted by a fixed offset. Keeps the plain rewritten packets for NACKs and the counts for sender
 * reports.
 */
public final class OutboundStream {

    private final long ssrc;
    private final long timestampOffset;
    private final int payloadType;
    private final RetransmissionBuffer buffer;
    private int nextSeq;
    private long packets;
    private long octets;
    private long lastTimestamp;
    private long lastSendNanos;
    private boolean sentAny;

    public OutboundStream(long ssrc, long timestampOffset, int payloadType, int bufferCapacity) {
        this.ssrc = ssrc;
        this.timestampOffset = timestampOffset & 0xFFFFFFFFL;
        this.payloadType = payloadType;
        this.buffer = new RetransmissionBuffer(bufferCapacity);
        this.nextSeq = ThreadLocalRandom.current().nextInt(0x8000);
    }

    /** A random non-zero SSRC. */
    public static long randomSsrc() {
        long s;
        do {
            s = ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
        } while (s == 0);
        return s;
    }

    public long ssrc() {
        return ssrc;
    }

    public long timestampOffset() {
        return timestampOffset;
    }

    /** The outgoing timestamp of an incoming one. */
    public long outgoingTimestamp(long incoming) {
        return (incoming + timestampOffset) & 0xFFFFFFFFL;
    }

    /**
     * Rewrites a copy of the packet (SSRC, next sequence number, shifted timestamp, negotiated payload type), keeps it
     * for retransmission and returns it. Strips CSRCs are kept as they are; river does not mix.
     */
    public synchronized byte[] rewrite(byte[] packet, int off, int len, long nowNanos) {
        byte[] out = new byte[len];
        System.arraycopy(packet, off, out, 0, len);
        RtpPackets.setSsrc(out, 0, ssrc);
        int seq = nextSeq;
        nextSeq = (nextSeq + 1) & 0xFFFF;
        RtpPackets.setSequenceNumber(out, 0, seq);
        long ts = outgoingTimestamp(RtpPackets.timestamp(out, 0));
        RtpPackets.setTimestamp(out, 0, ts);
        RtpPackets.setPayloadType(out, 0, payloadType);
        buffer.store(seq, out);
        packets++;
        octets += len - RtpPackets.FIXED_HEADER;
        lastTimestamp = ts;
        lastSendNanos = nowNanos;
        sentAny = true;
        return out;
    }

    public byte[] retransmission(int seq) {
        return buffer.get(seq);
    }

    /** A sender report for now, or null before the first packet. */
    public synchronized byte[] senderReport(long nowNanos, int clockRate) {
        if (!sentAny) {
            return null;
        }
        long rtp = (lastTimestamp + (nowNanos - lastSendNanos) * clockRate / 1_000_000_000L) & 0xFFFFFFFFL;
        return RtcpPackets.senderReport(ssrc, ntpNow(), rtp, packets & 0xFFFFFFFFL, octets & 0xFFFFFFFFL);
    }

    public synchronized long packets() {
        return packets;
    }

    static long ntpNow() {
        long millis = System.currentTimeMillis();
        long seconds = millis / 1000 + 2_208_988_800L;
        long fraction = ((millis % 1000) << 32) / 1000;
        return (seconds << 32) | fraction;
    }
}
