package dev.river.serve.pipeline;

/**
 * Headers river-serve's own processors put on exchanges. Packet and frame exchanges otherwise keep the names of
 * the rtp: component (CamelRtp...), the media processors (CamelH264..., CamelFrame...) and zeromq: (CamelZeroMQ...).
 * The session id is always the packet's {@code CamelRtpStreamId} (the WebRTC session id for webrtc:).
 */
public final class ServeHeaders {

    /** String: the endpoint URI the delay-resequencer releases this session's packets to. */
    public static final String EGRESS = "RiverServeEgress";
    /** Long: the session's delay N in milliseconds. */
    public static final String DELAY_MILLIS = "RiverServeDelayMillis";
    /** Long: the frame's index in its session (0, 1, 2...). */
    public static final String FRAME_INDEX = "RiverServeFrameIndex";
    /** Long: the frame's RTP timestamp on the outgoing stream (what the viewer's video element reports). */
    public static final String OUTGOING_TIMESTAMP = "RiverServeOutgoingTimestamp";
    /** Long: System.nanoTime() when the inference request was sent. */
    public static final String SENT_NANOS = "RiverServeSentNanos";
    /** String: set to {@code skipped} when the frame is shed instead of inferred. */
    public static final String SHED = "RiverServeShed";

    private ServeHeaders() {
    }
}
