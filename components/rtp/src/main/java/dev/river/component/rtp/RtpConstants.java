package dev.river.component.rtp;

import org.apache.camel.spi.Metadata;

/**
 * The headers of an RTP packet exchange. The {@code webrtc:} endpoint emits the same headers, so routes do not
 * care which endpoint feeds them.
 */
public final class RtpConstants {

    @Metadata(label = "consumer", description = "The synchronization source of the packet (unsigned 32 bits).",
              javaType = "Long")
    public static final String SSRC = "CamelRtpSsrc";
    @Metadata(label = "consumer", description = "The 16-bit RTP sequence number (0-65535).", javaType = "Integer")
    public static final String SEQUENCE_NUMBER = "CamelRtpSequenceNumber";
    @Metadata(label = "consumer", description = "The RTP timestamp (unsigned 32 bits, in clock rate units).",
              javaType = "Long")
    public static final String TIMESTAMP = "CamelRtpTimestamp";
    @Metadata(label = "consumer", description = "The marker bit: for video, the last packet of a frame.",
              javaType = "Boolean")
    public static final String MARKER = "CamelRtpMarker";
    @Metadata(label = "consumer", description = "The RTP payload type (0-127).", javaType = "Integer")
    public static final String PAYLOAD_TYPE = "CamelRtpPayloadType";
    @Metadata(label = "consumer", description = "The clock rate of the RTP timestamps (Hz), from the endpoint.",
              javaType = "Integer")
    public static final String CLOCK_RATE = "CamelRtpClockRate";
    @Metadata(label = "consumer",
              description = "When the packet arrived: System.nanoTime() (monotonic, for deadlines and delays).",
              javaType = "Long")
    public static final String ARRIVAL_NANOS = "CamelRtpArrivalNanos";
    @Metadata(label = "consumer", description = "When the packet arrived: wall clock, epoch milliseconds.",
              javaType = "Long")
    public static final String ARRIVAL_MILLIS = "CamelRtpArrivalMillis";
    @Metadata(label = "consumer",
              description = "The stream the packet belongs to: the endpoint's streamId option, or PORT-SSRC (SSRC in hex).",
              javaType = "String")
    public static final String STREAM_ID = "CamelRtpStreamId";
    @Metadata(label = "consumer", description = "The sender's address, host:port.", javaType = "String")
    public static final String REMOTE_ADDRESS = "CamelRtpRemoteAddress";
    @Metadata(description = "Set to true by a processor (e.g. H264 reassembly after loss) to ask the sender for a"
                            + " keyframe; the consumer answers with an RTCP PLI when sendPli is enabled.",
              javaType = "Boolean")
    public static final String KEYFRAME_REQUEST = "CamelRtpKeyframeRequest";

    private RtpConstants() {
    }
}
