package dev.river.component.webrtc;

import org.apache.camel.spi.Metadata;

/**
 * Headers of webrtc: exchanges. Packet exchanges carry exactly the headers of the rtp: consumer
 * (dev.river.component.rtp.RtpConstants; the names are repeated here so this component does not depend on that one)
 * plus the session id and the timestamp the packet will have on the way out.
 */
public final class WebRtcConstants {

    // --- the rtp: exchange shape (same names as RtpConstants) ---
    @Metadata(label = "consumer", description = "The synchronization source of the packet (unsigned 32 bits).",
              javaType = "Long")
    public static final String SSRC = "CamelRtpSsrc";
    @Metadata(label = "consumer", description = "The 16-bit RTP sequence number (0-65535).", javaType = "Integer")
    public static final String SEQUENCE_NUMBER = "CamelRtpSequenceNumber";
    @Metadata(label = "consumer", description = "The RTP timestamp (unsigned 32 bits, 90 kHz).", javaType = "Long")
    public static final String TIMESTAMP = "CamelRtpTimestamp";
    @Metadata(label = "consumer", description = "The marker bit: for video, the last packet of a frame.",
              javaType = "Boolean")
    public static final String MARKER = "CamelRtpMarker";
    @Metadata(label = "consumer", description = "The RTP payload type (0-127), as negotiated in the offer.",
              javaType = "Integer")
    public static final String PAYLOAD_TYPE = "CamelRtpPayloadType";
    @Metadata(label = "consumer", description = "The clock rate of the RTP timestamps: 90000.", javaType = "Integer")
    public static final String CLOCK_RATE = "CamelRtpClockRate";
    @Metadata(label = "consumer", description = "When the packet arrived: System.nanoTime().", javaType = "Long")
    public static final String ARRIVAL_NANOS = "CamelRtpArrivalNanos";
    @Metadata(label = "consumer", description = "When the packet arrived: wall clock, epoch milliseconds.",
              javaType = "Long")
    public static final String ARRIVAL_MILLIS = "CamelRtpArrivalMillis";
    @Metadata(label = "consumer", description = "The stream the packet belongs to: the WebRTC session id.",
              javaType = "String")
    public static final String STREAM_ID = "CamelRtpStreamId";
    @Metadata(label = "consumer", description = "The peer's address, as InetSocketAddress.toString().",
              javaType = "String")
    public static final String REMOTE_ADDRESS = "CamelRtpRemoteAddress";
    @Metadata(description = "Set to true by a processor (e.g. H264 reassembly after loss) to ask the publisher for a"
                            + " keyframe; the consumer then sends an RTCP PLI.",
              javaType = "Boolean")
    public static final String KEYFRAME_REQUEST = "CamelRtpKeyframeRequest";

    // --- webrtc: specific ---
    @Metadata(description = "The session (WHIP resource) id: set by the consumer, read by the producer to pick the"
                            + " session to send to.",
              javaType = "String")
    public static final String SESSION_ID = "CamelWebRtcSessionId";
    @Metadata(label = "consumer", description = "The RTP timestamp this packet's frame gets on the session's outgoing"
                                                + " stream (the incoming timestamp plus the session's fixed offset).",
              javaType = "Long")
    public static final String OUTGOING_TIMESTAMP = "CamelWebRtcOutgoingTimestamp";
    @Metadata(label = "consumer", description = "The session event: started, connected or ended (sessionEvents=true).",
              javaType = "String")
    public static final String EVENT_TYPE = "CamelWebRtcEventType";
    @Metadata(label = "consumer", description = "Why a session ended.", javaType = "String")
    public static final String EVENT_REASON = "CamelWebRtcEventReason";
    @Metadata(label = "consumer", description = "publisher (WHIP) or viewer (WHEP).", javaType = "String")
    public static final String SESSION_KIND = "CamelWebRtcSessionKind";
    @Metadata(label = "producer", description = "The sequence number the producer sent the packet with.",
              javaType = "Integer")
    public static final String SENT_SEQUENCE_NUMBER = "CamelWebRtcSentSequenceNumber";
    @Metadata(label = "producer", description = "The RTP timestamp the producer sent the packet with.",
              javaType = "Long")
    public static final String SENT_TIMESTAMP = "CamelWebRtcSentTimestamp";
    @Metadata(label = "producer", description = "Whether the producer sent the packet (false: unknown or ended session).",
              javaType = "Boolean")
    public static final String SENT = "CamelWebRtcSent";

    private WebRtcConstants() {
    }
}
