package dev.river.serve.media;

/**
 * What happened to every RTP packet and every frame that went through H264 reassembly. Every packet and frame is
 * counted exactly once in one of the outcome counters, so tests and operators can tell precisely what was dropped.
 * Plain fields: written by the one thread that owns the reassembler; others read a {@link #copy()} taken under
 * the owner's lock.
 */
public final class H264ReassemblyCounters {

    long packets;
    long payloadBytes;
    long duplicates;
    long reordered;
    long late;
    long lost;
    long malformed;
    long unsupported;
    long resyncs;
    long framesComplete;
    long framesIncomplete;
    long framesSkipped;
    long keyframes;
    long keyframeRequests;

    /** Valid RTP packets given to the reassembler (duplicates and late ones included). */
    public long packets() {
        return packets;
    }

    /** RTP payload bytes of the packets that were depacketized. */
    public long payloadBytes() {
        return payloadBytes;
    }

    /** Packets whose sequence number was already seen; dropped. */
    public long duplicates() {
        return duplicates;
    }

    /** Packets that arrived after a packet with a higher sequence number and were put back in order. */
    public long reordered() {
        return reordered;
    }

    /** Packets that arrived after their sequence number had been given up as lost; dropped. */
    public long late() {
        return late;
    }

    /** Sequence numbers never received within the reorder window or delay. */
    public long lost() {
        return lost;
    }

    /** Packets whose H264 payload is malformed (bad NAL header, bad STAP-A lengths, FU without start...). */
    public long malformed() {
        return malformed;
    }

    /** STAP-B, MTAP16, MTAP24 and FU-B packets (interleaved mode, not supported); dropped. */
    public long unsupported() {
        return unsupported;
    }

    /** Sequence number jumps too large to be loss or reordering (sender restart, new SSRC). */
    public long resyncs() {
        return resyncs;
    }

    /** Access units passed on, complete. */
    public long framesComplete() {
        return framesComplete;
    }

    /** Access units dropped because a packet was missing or malformed (or an IDR had no SPS/PPS). */
    public long framesIncomplete() {
        return framesIncomplete;
    }

    /** Complete access units dropped while waiting for a keyframe (after loss, or on joining a stream). */
    public long framesSkipped() {
        return framesSkipped;
    }

    /** Complete access units passed on that hold an IDR picture. */
    public long keyframes() {
        return keyframes;
    }

    /** Times a keyframe was asked for (becomes an RTCP PLI at the endpoint). */
    public long keyframeRequests() {
        return keyframeRequests;
    }

    /** A snapshot of the counters. */
    public H264ReassemblyCounters copy() {
        H264ReassemblyCounters c = new H264ReassemblyCounters();
        c.packets = packets;
        c.payloadBytes = payloadBytes;
        c.duplicates = duplicates;
        c.reordered = reordered;
        c.late = late;
        c.lost = lost;
        c.malformed = malformed;
        c.unsupported = unsupported;
        c.resyncs = resyncs;
        c.framesComplete = framesComplete;
        c.framesIncomplete = framesIncomplete;
        c.framesSkipped = framesSkipped;
        c.keyframes = keyframes;
        c.keyframeRequests = keyframeRequests;
        return c;
    }

    @Override
    public String toString() {
        return "packets=" + packets + " duplicates=" + duplicates + " reordered=" + reordered + " late=" + late
               + " lost=" + lost + " malformed=" + malformed + " unsupported=" + unsupported + " resyncs=" + resyncs
               + " framesComplete=" + framesComplete + " framesIncomplete=" + framesIncomplete + " framesSkipped="
               + framesSkipped + " keyframes=" + keyframes + " keyframeRequests=" + keyframeRequests;
    }
}
