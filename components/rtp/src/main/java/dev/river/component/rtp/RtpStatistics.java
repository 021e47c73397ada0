package dev.river.component.rtp;

import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to every datagram an {@code rtp:} consumer read: routed as a packet, or why it was dropped.
 * Written by the receiving thread, read by anyone (JMX, tools, tests).
 */
public class RtpStatistics {

    private final LongAdder packets = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder oversize = new LongAdder();
    private final LongAdder rtcp = new LongAdder();
    private final LongAdder filtered = new LongAdder();
    private final LongAdder keyframeRequests = new LongAdder();

    void packet(int length) {
        packets.increment();
        bytes.add(length);
    }

    void malformed() {
        malformed.increment();
    }

    void oversize() {
        oversize.increment();
    }

    void rtcp() {
        rtcp.increment();
    }

    void filtered() {
        filtered.increment();
    }

    void keyframeRequest() {
        keyframeRequests.increment();
    }

    /** RTP packets routed. */
    public long getPackets() {
        return packets.sum();
    }

    /** Bytes of the RTP packets routed (headers included). */
    public long getBytes() {
        return bytes.sum();
    }

    /** Datagrams that are not valid RTP (short, version, CSRC/extension/padding lengths), dropped. */
    public long getMalformed() {
        return malformed.sum();
    }

    /** Datagrams longer than maxPacketSize, dropped. */
    public long getOversize() {
        return oversize.sum();
    }

    /** RTCP packets read (on the mux port or port + 1); not routed. */
    public long getRtcp() {
        return rtcp.sum();
    }

    /** RTP packets of another payload type than the endpoint's payloadType, dropped. */
    public long getFiltered() {
        return filtered.sum();
    }

    /** RTCP PLIs sent because a route asked for a keyframe. */
    public long getKeyframeRequests() {
        return keyframeRequests.sum();
    }

    @Override
    public String toString() {
        return "packets=" + getPackets() + " bytes=" + getBytes() + " malformed=" + getMalformed() + " oversize="
               + getOversize() + " rtcp=" + getRtcp() + " filtered=" + getFiltered() + " keyframeRequests="
               + getKeyframeRequests();
    }
}
