package dev.river.component.webrtc.rtcp;

/**
 * The last packets sent on an outgoing stream, by sequence number, so a viewer's NACK can be answered without asking
 * the original sender. A ring indexed by the 16-bit sequence number: a slot holds a packet only while its sequence
 * number still matches.
 */
public final class RetransmissionBuffer {

    private final byte[][] packets;
    private final int[] seqs;
    private final int mask;

    /** @param capacity packets kept; rounded up to a power of two, at most 32768 */
    public RetransmissionBuffer(int capacity) {
        int size = Integer.highestOneBit(Math.max(1, Math.min(capacity, 32768) - 1)) << 1;
        this.packets = new byte[size][];
        this.seqs = new int[size];
        this.mask = size - 1;
    }

    public synchronized void store(int seq, byte[] packet) {
        int slot = seq & mask;
        packets[slot] = packet;
        seqs[slot] = seq;
    }

    /** The plain RTP packet sent with this sequence number, or null if it is no longer (or never was) held. */
    public synchronized byte[] get(int seq) {
        int slot = seq & mask;
        return packets[slot] != null && seqs[slot] == seq ? packets[slot] : null;
    }

    public int capacity() {
        return packets.length;
    }
}
