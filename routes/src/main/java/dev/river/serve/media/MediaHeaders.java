package dev.river.serve.media;

/**
 * Headers of the media pipeline's exchanges after the RTP packet stage: an H264 access unit (from
 * {@link H264Reassembler}) and a decoded frame (from {@link H264FrameDecoder}). The stream id, SSRC, RTP timestamp
 * and clock rate keep the {@code rtp:} component's header names (dev.river.component.rtp.RtpConstants).
 */
public final class MediaHeaders {

    /** Boolean: the access unit holds an IDR picture. */
    public static final String KEYFRAME = "CamelH264Keyframe";
    /** Long: System.nanoTime() when the access unit's first packet arrived. */
    public static final String FIRST_ARRIVAL_NANOS = "CamelH264FirstArrivalNanos";
    /** Long: System.nanoTime() when the access unit's last packet arrived (the frame was complete). */
    public static final String LAST_ARRIVAL_NANOS = "CamelH264LastArrivalNanos";
    /** Long: wall clock (epoch ms) when the access unit's first packet arrived. */
    public static final String FIRST_ARRIVAL_MILLIS = "CamelH264FirstArrivalMillis";
    /** Integer: RTP sequence number of the access unit's first packet. */
    public static final String FIRST_SEQUENCE_NUMBER = "CamelH264FirstSequenceNumber";
    /** Integer: RTP sequence number of the access unit's last packet. */
    public static final String LAST_SEQUENCE_NUMBER = "CamelH264LastSequenceNumber";
    /** Integer: how many RTP packets the access unit was built from. */
    public static final String PACKET_COUNT = "CamelH264PacketCount";

    /** String: pixel format of a decoded frame body: rgb24 or yuv420p. */
    public static final String PIXEL_FORMAT = "CamelFramePixelFormat";
    /** Integer: width of the decoded frame body in pixels (the model input width when letterboxed). */
    public static final String WIDTH = "CamelFrameWidth";
    /** Integer: height of the decoded frame body in pixels (the model input height when letterboxed). */
    public static final String HEIGHT = "CamelFrameHeight";
    /** Integer: width of the frame as encoded. */
    public static final String SOURCE_WIDTH = "CamelFrameSourceWidth";
    /** Integer: height of the frame as encoded. */
    public static final String SOURCE_HEIGHT = "CamelFrameSourceHeight";
    /** Double: letterbox scale, modelX = sourceX * scale + padX (1 for full frames). */
    public static final String SCALE = "CamelFrameScale";
    /** Integer: letterbox left padding in model pixels (0 for full frames). */
    public static final String PAD_X = "CamelFramePadX";
    /** Integer: letterbox top padding in model pixels (0 for full frames). */
    public static final String PAD_Y = "CamelFramePadY";
    /** Long: System.nanoTime() when decoding and scaling of the frame finished. */
    public static final String DECODED_NANOS = "CamelFrameDecodedNanos";

    private MediaHeaders() {
    }
}
