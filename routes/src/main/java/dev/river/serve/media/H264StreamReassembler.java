package dev.river.serve.media;

import java.util.Base64;

import dev.river.component.rtp.RtpPackets;

/**
 * Rebuilds the H264 access units (frames) of one RTP stream from its packets (RFC 6184, packetization modes 0
 * and 1: single NAL unit, STAP-A and FU-A).
 * <p>
 * Packets are put back in sequence-number order in a small window (correct across the 65535 to 0 wrap); duplicates
 * are dropped. An access unit ends on the marker bit or when the RTP timestamp changes. An access unit that misses
 * a packet, or holds a malformed one, is dropped whole, never passed on half built; the reassembler then asks for a
 * keyframe and skips frames until the next IDR. SPS and PPS are cached (from the stream or from SDP
 * {@code sprop-parameter-sets}) and put in front of IDR frames that come without them.
 * <p>
 * Hot path: no allocation per packet once the buffers have grown to the largest frame. The reassembler keeps a
 * reference to a packet's array while the packet waits in the reorder window: callers must not reuse that array
 * until then. Not thread safe: one thread per stream at a time.
 */
public final class H264StreamReassembler {

    /** Receives each complete access unit; the {@link H264AccessUnit} and its bytes are reused afterwards. */
    @FunctionalInterface
    public interface Listener {
        void accessUnit(H264AccessUnit accessUnit);
    }

    static final int NAL_SLICE = 1;
    static final int NAL_IDR = 5;
    static final int NAL_SEI = 6;
    static final int NAL_SPS = 7;
    static final int NAL_PPS = 8;
    static final int NAL_AUD = 9;
    static final int STAP_A = 24;
    static final int STAP_B = 25;
    static final int MTAP16 = 26;
    static final int MTAP24 = 27;
    static final int FU_A = 28;
    static final int FU_B = 29;

    private static final int RESYNC_DISTANCE = 1024;

    private final H264ReassemblyCounters counters;
    private final Listener listener;
    private final long maxReorderDelayNanos;
    private final long keyframeRequestIntervalNanos;

    // reorder window: a ring indexed by sequence number
    private final int windowSize;
    private final int windowMask;
    private final byte[][] slotPacket;
    private final int[] slotSequence;
    private final int[] slotPayloadOffset;
    private final int[] slotPayloadLength;
    private final long[] slotTimestamp;
    private final boolean[] slotMarker;
    private final long[] slotArrival;
    private int buffered;
    private long waitingSinceNanos = -1;
    private int nextSequence = -1;
    private int highestSequence;
    /** Bit per sequence number modulo 1024: 1 = delivered, 0 = lost or not yet seen (tells duplicates from late). */
    private final long[] delivered = new long[RESYNC_DISTANCE / 64];
    private long ssrc = -1;

    // the access unit being built
    private final GrowableBuffer accessUnit = new GrowableBuffer(256 * 1024);
    private final GrowableBuffer withParameterSets = new GrowableBuffer(1024);
    private final H264AccessUnit view = new H264AccessUnit();
    private boolean open;
    private long timestamp;
    private int firstSequence;
    private int lastSequence;
    private long firstArrival;
    private long lastArrival;
    private int packets;
    private boolean damaged;
    private boolean hasIdr;
    private boolean hasSlice;
    private boolean hasSps;
    private boolean hasPps;
    private int fragmentType = -1;
    private int fragmentStart;
    private boolean lossPending;

    // stream state
    private final GrowableBuffer sps = new GrowableBuffer(64);
    private final GrowableBuffer pps = new GrowableBuffer(64);
    private boolean waitingForKeyframe = true;
    private long lastKeyframeRequestNanos;
    private boolean askForKeyframeNow = true;
    private boolean keyframeRequestedNow;
    private long lastPacketNanos;

    /**
     * @param reorderWindow        packets held to put late ones back in order (power of two, 1-512)
     * @param maxReorderDelayNanos how long a gap is waited for before its packets are given up as lost
     * @param keyframeRequestIntervalNanos minimum time between two keyframe requests
     */
    public H264StreamReassembler(int reorderWindow, long maxReorderDelayNanos, long keyframeRequestIntervalNanos,
            H264ReassemblyCounters counters, Listener listener) {
        if (reorderWindow < 1 || reorderWindow > 512 || Integer.bitCount(reorderWindow) != 1) {
            throw new IllegalArgumentException("reorderWindow must be a power of two from 1 to 512: " + reorderWindow);
        }
        this.windowSize = reorderWindow;
        this.windowMask = reorderWindow - 1;
        this.maxReorderDelayNanos = maxReorderDelayNanos;
        this.keyframeRequestIntervalNanos = keyframeRequestIntervalNanos;
        this.counters = counters;
        this.listener = listener;
        slotPacket = new byte[windowSize][];
        slotSequence = new int[windowSize];
        java.util.Arrays.fill(slotSequence, -1);
        slotPayloadOffset = new int[windowSize];
        slotPayloadLength = new int[windowSize];
        slotTimestamp = new long[windowSize];
        slotMarker = new boolean[windowSize];
        slotArrival = new long[windowSize];
    }

    /**
     * Sets the SPS and PPS from an SDP {@code sprop-parameter-sets} value (comma separated base64 NAL units), used
     * for IDR frames that arrive without them.
     */
    public void setSpropParameterSets(String sprop) {
        if (sprop == null || sprop.isBlank()) {
            return;
        }
        for (String encoded : sprop.trim().split(",")) {
            byte[] nal = Base64.getDecoder().decode(encoded.trim());
            if (nal.length > 0) {
                int type = nal[0] & 0x1F;
                if (type == NAL_SPS) {
                    sps.set(nal, 0, nal.length);
                } else if (type == NAL_PPS) {
                    pps.set(nal, 0, nal.length);
                }
            }
        }
    }

    /** When the last packet of this stream arrived (System.nanoTime()). */
    public long lastPacketNanos() {
        return lastPacketNanos;
    }

    /** Whether frames are being skipped until the next IDR. */
    public boolean isWaitingForKeyframe() {
        return waitingForKeyframe;
    }

    /**
     * Takes one RTP packet of this stream. Complete access units go to the listener during this call (none, one,
     * or several when a reordering gap closes).
     *
     * @return true when this packet made the reassembler ask for a keyframe (loss, or joining mid-stream)
     */
    public boolean push(byte[] packet, int offset, int length, long arrivalNanos) {
        keyframeRequestedNow = false;
        int payloadLength = RtpPackets.validate(packet, offset, length);
        if (payloadLength < 0) {
            counters.malformed++;
            return false;
        }
        counters.packets++;
        lastPacketNanos = arrivalNanos;
        long packetSsrc = RtpPackets.ssrc(packet, offset);
        int sequence = RtpPackets.sequenceNumber(packet, offset);
        if (packetSsrc != ssrc) {
            if (ssrc != -1) {
                resync(sequence, arrivalNanos);
            }
            ssrc = packetSsrc;
        }
        if (nextSequence < 0) {
            nextSequence = sequence;
            highestSequence = sequence;
        }
        int distance = RtpPackets.sequenceDistance(nextSequence, sequence);
        if (distance < 0 && distance > -RESYNC_DISTANCE) {
            if (isDelivered(sequence)) {
                counters.duplicates++;
            } else {
                counters.late++;
            }
            return keyframeRequestedNow;
        }
        if (distance < 0 || distance >= RESYNC_DISTANCE) {
            resync(sequence, arrivalNanos);
            distance = 0;
        }
        int slot = sequence & windowMask;
        if (slotSequence[slot] == sequence) {
            counters.duplicates++;
            return keyframeRequestedNow;
        }
        if (RtpPackets.sequenceDistance(highestSequence, sequence) < 0) {
            counters.reordered++;
        } else {
            highestSequence = sequence;
        }
        while (distance >= windowSize) {
            releaseHead(arrivalNanos);
            distance = RtpPackets.sequenceDistance(nextSequence, sequence);
        }
        slotPacket[slot] = packet;
        slotSequence[slot] = sequence;
        slotPayloadOffset[slot] = RtpPackets.payloadOffset(packet, offset);
        slotPayloadLength[slot] = payloadLength;
        slotTimestamp[slot] = RtpPackets.timestamp(packet, offset);
        slotMarker[slot] = RtpPackets.marker(packet, offset);
        slotArrival[slot] = arrivalNanos;
        buffered++;
        drain();
        if (buffered == 0) {
            waitingSinceNanos = -1;
        } else if (waitingSinceNanos < 0) {
            waitingSinceNanos = arrivalNanos;
        } else if (arrivalNanos - waitingSinceNanos >= maxReorderDelayNanos) {
            // the gap at the head waited long enough: give its packets up and deliver what follows
            while (slotSequence[nextSequence & windowMask] != nextSequence) {
                releaseHead(arrivalNanos);
            }
            drain();
            waitingSinceNanos = buffered == 0 ? -1 : arrivalNanos;
        }
        return keyframeRequestedNow;
    }

    /** Delivers everything still held in the reorder window (gaps count as lost); call when a stream ends. */
    public void flush() {
        while (buffered > 0) {
            releaseHead(lastPacketNanos);
        }
        waitingSinceNanos = -1;
        if (open) {
            completeAccessUnit();
        }
    }

    private void resync(int sequence, long arrivalNanos) {
        while (buffered > 0) {
            releaseHead(arrivalNanos);
        }
        counters.resyncs++;
        lossPending = true;
        waitForKeyframe(arrivalNanos);
        nextSequence = sequence;
        highestSequence = sequence;
        waitingSinceNanos = -1;
        java.util.Arrays.fill(delivered, 0L);
    }

    private void drain() {
        int slot;
        while (buffered > 0 && slotSequence[slot = nextSequence & windowMask] == nextSequence) {
            deliver(slot);
            nextSequence = (nextSequence + 1) & 0xFFFF;
        }
    }

    private void releaseHead(long nowNanos) {
        int slot = nextSequence & windowMask;
        if (slotSequence[slot] == nextSequence) {
            deliver(slot);
        } else {
            counters.lost++;
            setDelivered(nextSequence, false);
            lossPending = true;
            waitForKeyframe(nowNanos);
        }
        nextSequence = (nextSequence + 1) & 0xFFFF;
    }

    private void deliver(int slot) {
        byte[] packet = slotPacket[slot];
        int sequence = slotSequence[slot];
        slotPacket[slot] = null;
        slotSequence[slot] = -1;
        buffered--;
        setDelivered(sequence, true);
        depacketize(packet, slotPayloadOffset[slot], slotPayloadLength[slot], sequence, slotTimestamp[slot],
                slotMarker[slot], slotArrival[slot]);
    }

    private boolean isDelivered(int sequence) {
        int bit = sequence & (RESYNC_DISTANCE - 1);
        return (delivered[bit >>> 6] & (1L << bit)) != 0;
    }

    private void setDelivered(int sequence, boolean value) {
        int bit = sequence & (RESYNC_DISTANCE - 1);
        if (value) {
            delivered[bit >>> 6] |= 1L << bit;
        } else {
            delivered[bit >>> 6] &= ~(1L << bit);
        }
    }

    // ---------------------------------------------------------------- access units

    private void depacketize(byte[] packet, int payloadOffset, int payloadLength, int sequence, long packetTimestamp,
            boolean marker, long arrivalNanos) {
        boolean newAccessUnitDamaged = false;
        if (lossPending) {
            lossPending = false;
            // the lost packets belong to the access unit being built, or to the start of the next one, or were
            // whole access units: everything that could have lost data is dropped
            if (open) {
                damaged = true;
                if (packetTimestamp != timestamp) {
                    completeAccessUnit();
                    newAccessUnitDamaged = !startsAccessUnit(packet, payloadOffset, payloadLength);
                }
            } else {
                newAccessUnitDamaged = !startsAccessUnit(packet, payloadOffset, payloadLength);
            }
        }
        if (open && packetTimestamp != timestamp) {
            completeAccessUnit();
        }
        if (!open) {
            open = true;
            accessUnit.clear();
            timestamp = packetTimestamp;
            firstSequence = sequence;
            firstArrival = arrivalNanos;
            packets = 0;
            damaged = newAccessUnitDamaged;
            hasIdr = false;
            hasSlice = false;
            hasSps = false;
            hasPps = false;
            fragmentType = -1;
        }
        lastSequence = sequence;
        lastArrival = arrivalNanos;
        packets++;
        counters.payloadBytes += payloadLength;
        if (!appendPayload(packet, payloadOffset, payloadLength)) {
            damaged = true;
        }
        if (marker) {
            completeAccessUnit();
        }
    }

    /**
     * Whether a packet can only be the beginning of an access unit: an access unit delimiter, SEI or parameter set,
     * or the first slice of a picture (first_mb_in_slice == 0). What may precede such a packet in the same access
     * unit is not needed to decode it (SPS/PPS come from the cache).
     */
    private static boolean startsAccessUnit(byte[] p, int offset, int length) {
        if (length < 2) {
            return false;
        }
        int type = p[offset] & 0x1F;
        int nalOffset = offset;
        if (type == STAP_A) {
            if (length < 5) {
                return false;
            }
            nalOffset = offset + 3;
            type = p[nalOffset] & 0x1F;
        } else if (type == FU_A) {
            if ((p[offset + 1] & 0x80) == 0 || length < 3) {
                return false;
            }
            type = p[offset + 1] & 0x1F;
            nalOffset = offset + 1;
        }
        if (type >= NAL_SEI && type <= NAL_AUD) {
            return true;
        }
        return (type == NAL_SLICE || type == NAL_IDR) && (p[nalOffset + 1] & 0x80) != 0;
    }

    /** @return false when the payload is malformed or unsupported (nothing of it is kept) */
    private boolean appendPayload(byte[] p, int offset, int length) {
        if (length < 1 || (p[offset] & 0x80) != 0) {
            counters.malformed++;
            return false;
        }
        int type = p[offset] & 0x1F;
        if (type >= 1 && type <= 23) {
            if (fragmentType >= 0) {
                abandonFragment();
                return false;
            }
            int start = accessUnit.length();
            accessUnit.appendStartCode();
            accessUnit.append(p, offset, length);
            nalComplete(type, start + 4);
            return true;
        }
        switch (type) {
            case STAP_A:
                return appendStapA(p, offset, length);
            case FU_A:
                return appendFuA(p, offset, length);
            case STAP_B, MTAP16, MTAP24, FU_B:
                counters.unsupported++;
                return false;
            default:
                counters.malformed++;
                return false;
        }
    }

    private boolean appendStapA(byte[] p, int offset, int length) {
        if (fragmentType >= 0) {
            abandonFragment();
            return false;
        }
        int end = offset + length;
        // check every aggregated NAL unit before keeping any
        int i = offset + 1;
        int count = 0;
        while (i < end) {
            if (i + 2 > end) {
                counters.malformed++;
                return false;
            }
            int size = ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
            i += 2;
            if (size == 0 || i + size > end || (p[i] & 0x80) != 0 || (p[i] & 0x1F) == 0 || (p[i] & 0x1F) > 23) {
                counters.malformed++;
                return false;
            }
            i += size;
            count++;
        }
        if (count == 0) {
            counters.malformed++;
            return false;
        }
        i = offset + 1;
        while (i < end) {
            int size = ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
            i += 2;
            int start = accessUnit.length();
            accessUnit.appendStartCode();
            accessUnit.append(p, i, size);
            nalComplete(p[i] & 0x1F, start + 4);
            i += size;
        }
        return true;
    }

    private boolean appendFuA(byte[] p, int offset, int length) {
        if (length < 2) {
            counters.malformed++;
            return false;
        }
        int header = p[offset + 1] & 0xFF;
        boolean start = (header & 0x80) != 0;
        boolean end = (header & 0x40) != 0;
        int type = header & 0x1F;
        if ((start && end) || type == 0 || type > 23) {
            counters.malformed++;
            return false;
        }
        if (start) {
            boolean abandoned = fragmentType >= 0;
            if (abandoned) {
                abandonFragment();
            }
            fragmentType = type;
            fragmentStart = accessUnit.length() + 4;
            accessUnit.appendStartCode();
            accessUnit.append((byte) ((p[offset] & 0xE0) | type));
            accessUnit.append(p, offset + 2, length - 2);
            return !abandoned;
        }
        if (fragmentType != type) {
            // a middle or end fragment without its start (or of another NAL unit)
            counters.malformed++;
            if (fragmentType >= 0) {
                accessUnit.truncate(fragmentStart - 4);
                fragmentType = -1;
            }
            return false;
        }
        accessUnit.append(p, offset + 2, length - 2);
        if (end) {
            fragmentType = -1;
            nalComplete(type, fragmentStart);
        }
        return true;
    }

    /** A fragmented NAL unit was interrupted before its end fragment: what was kept of it is removed. */
    private void abandonFragment() {
        counters.malformed++;
        accessUnit.truncate(fragmentStart - 4);
        fragmentType = -1;
    }

    private void nalComplete(int type, int nalStart) {
        switch (type) {
            case NAL_IDR:
                hasIdr = true;
                hasSlice = true;
                break;
            case NAL_SLICE, 2, 3, 4:
                hasSlice = true;
                break;
            case NAL_SPS:
                hasSps = true;
                sps.set(accessUnit.data(), nalStart, accessUnit.length() - nalStart);
                break;
            case NAL_PPS:
                hasPps = true;
                pps.set(accessUnit.data(), nalStart, accessUnit.length() - nalStart);
                break;
            default:
                break;
        }
    }

    private void completeAccessUnit() {
        open = false;
        if (fragmentType >= 0) {
            abandonFragment();
            damaged = true;
        }
        if (damaged) {
            counters.framesIncomplete++;
            waitForKeyframe(lastArrival);
            return;
        }
        if (!hasSlice) {
            return; // parameter sets or SEI sent on their own: cached, nothing to decode
        }
        boolean needsParameterSets = hasIdr && (!hasSps || !hasPps);
        if (needsParameterSets && (sps.length() == 0 || pps.length() == 0)) {
            counters.framesIncomplete++;
            waitForKeyframe(lastArrival);
            return;
        }
        if (waitingForKeyframe && !hasIdr) {
            counters.framesSkipped++;
            requestKeyframe(lastArrival);
            return;
        }
        waitingForKeyframe = false;
        counters.framesComplete++;
        if (hasIdr) {
            counters.keyframes++;
        }
        if (needsParameterSets) {
            withParameterSets.clear();
            if (!hasSps) {
                withParameterSets.appendStartCode();
                withParameterSets.append(sps.data(), 0, sps.length());
            }
            if (!hasPps) {
                withParameterSets.appendStartCode();
                withParameterSets.append(pps.data(), 0, pps.length());
            }
            withParameterSets.append(accessUnit.data(), 0, accessUnit.length());
            view.data = withParameterSets.data();
            view.length = withParameterSets.length();
        } else {
            view.data = accessUnit.data();
            view.length = accessUnit.length();
        }
        view.ssrc = ssrc;
        view.timestamp = timestamp;
        view.keyframe = hasIdr;
        view.firstArrivalNanos = firstArrival;
        view.lastArrivalNanos = lastArrival;
        view.firstSequenceNumber = firstSequence;
        view.lastSequenceNumber = lastSequence;
        view.packets = packets;
        listener.accessUnit(view);
    }

    private void waitForKeyframe(long nowNanos) {
        if (!waitingForKeyframe) {
            waitingForKeyframe = true;
            askForKeyframeNow = true;
        }
        requestKeyframe(nowNanos);
    }

    private void requestKeyframe(long nowNanos) {
        if (askForKeyframeNow || nowNanos - lastKeyframeRequestNanos >= keyframeRequestIntervalNanos) {
            askForKeyframeNow = false;
            lastKeyframeRequestNanos = nowNanos;
            counters.keyframeRequests++;
            keyframeRequestedNow = true;
        }
    }
}
