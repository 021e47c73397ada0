package dev.river.serve.media;

/**
 * One complete H264 access unit (a frame) in Annex-B form, as handed out by {@link H264StreamReassembler}.
 * <p>
 * The instance and its {@link #data()} array are reused for the next access unit of the same stream: a listener
 * that keeps the frame copies it ({@link #toByteArray()}).
 */
public final class H264AccessUnit {

    byte[] data;
    int length;
    long ssrc;
    long timestamp;
    boolean keyframe;
    long firstArrivalNanos;
    long lastArrivalNanos;
    int firstSequenceNumber;
    int lastSequenceNumber;
    int packets;

    /** The Annex-B bytes, from index 0 to {@link #length()}. */
    public byte[] data() {
        return data;
    }

    public int length() {
        return length;
    }

    public byte[] toByteArray() {
        return java.util.Arrays.copyOf(data, length);
    }

    public long ssrc() {
        return ssrc;
    }

    /** The RTP timestamp shared by all packets of the access unit. */
    public long timestamp() {
        return timestamp;
    }

    /** Whether the access unit holds an IDR picture (decodable on its own). */
    public boolean keyframe() {
        return keyframe;
    }

    public long firstArrivalNanos() {
        return firstArrivalNanos;
    }

    public long lastArrivalNanos() {
        return lastArrivalNanos;
    }

    public int firstSequenceNumber() {
        return firstSequenceNumber;
    }

    public int lastSequenceNumber() {
        return lastSequenceNumber;
    }

    /** How many RTP packets the access unit was built from. */
    public int packets() {
        return packets;
    }
}
