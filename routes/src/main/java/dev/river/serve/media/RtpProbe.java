package dev.river.serve.media;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.river.component.rtp.RtpConstants;
import dev.river.component.rtp.RtpConsumer;
import dev.river.component.rtp.RtpStatistics;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Listens to one RTP/H264 feed with the pipeline's own stages ({@code rtp:} consumer, {@link H264Reassembler},
 * {@link H264FrameDecoder}) and reports what it saw: the engine behind {@code ./river rtp-probe}.
 */
public final class RtpProbe implements AutoCloseable {

    private final String host;
    private final int port;
    private final CamelContext camel = new DefaultCamelContext();
    private final H264Reassembler reassembler = new H264Reassembler();
    private final H264FrameDecoder decoder = new H264FrameDecoder(FrameFormat.letterbox, 128, 128);
    private final int payloadType;
    private volatile long firstArrivalNanos;
    private volatile long lastArrivalNanos;
    private volatile long ssrc = -1;
    private volatile int seenPayloadType = -1;
    private volatile int width;
    private volatile int height;
    private volatile long framesInWindow;

    public RtpProbe(String host, int port, int payloadType, String sprop) {
        this.host = host;
        this.port = port;
        this.payloadType = payloadType;
        reassembler.setSpropParameterSets(sprop);
    }

    /** Binds the port and starts receiving; packets sent after this returns are seen. */
    public void start() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rtp:udp://" + host + ":" + port + "?payloadType=" + payloadType).routeId("probe")
                        .process(e -> {
                            long arrival = e.getIn().getHeader(RtpConstants.ARRIVAL_NANOS, Long.class);
                            if (firstArrivalNanos == 0) {
                                firstArrivalNanos = arrival;
                            }
                            lastArrivalNanos = arrival;
                            ssrc = e.getIn().getHeader(RtpConstants.SSRC, Long.class);
                            seenPayloadType = e.getIn().getHeader(RtpConstants.PAYLOAD_TYPE, Integer.class);
                        })
                        .split(method(reassembler, "accessUnits"))
                            .process(decoder)
                            .process(e -> {
                                width = e.getIn().getHeader(MediaHeaders.SOURCE_WIDTH, Integer.class);
                                height = e.getIn().getHeader(MediaHeaders.SOURCE_HEIGHT, Integer.class);
                            })
                        .end();
            }
        });
        camel.start();
    }

    @Override
    public void close() {
        camel.stop();
    }

    private RtpStatistics rtpStatistics() {
        return ((RtpConsumer) camel.getRoute("probe").getConsumer()).getStatistics();
    }

    /** Packets that reached the reassembler so far. */
    public long packets() {
        return rtpStatistics().getPackets();
    }

    /** The counters as one JSON-ready map (see README, rtp-probe). */
    public Map<String, Object> report() {
        RtpStatistics rtp = rtpStatistics();
        H264ReassemblyCounters h264 = reassembler.getCounters();
        DecoderCounters decoded = decoder.getCounters();
        double seconds = (lastArrivalNanos - firstArrivalNanos) / 1e9;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("listen", "udp://" + host + ":" + port);
        report.put("ssrc", ssrc < 0 ? null : String.format("0x%08x", ssrc));
        report.put("payloadType", seenPayloadType < 0 ? null : seenPayloadType);
        report.put("packets", rtp.getPackets());
        report.put("bytes", rtp.getBytes());
        report.put("duplicates", h264.duplicates());
        report.put("reordered", h264.reordered());
        report.put("lost", h264.lost());
        report.put("late", h264.late());
        report.put("malformedPackets", rtp.getMalformed() + rtp.getOversize() + h264.malformed());
        report.put("unsupportedPackets", h264.unsupported());
        report.put("otherPayloadTypes", rtp.getFiltered());
        report.put("rtcpPackets", rtp.getRtcp());
        report.put("framesComplete", h264.framesComplete());
        report.put("framesIncomplete", h264.framesIncomplete());
        report.put("framesSkipped", h264.framesSkipped());
        report.put("keyframes", h264.keyframes());
        report.put("keyframeRequests", h264.keyframeRequests());
        report.put("framesDecoded", decoded.framesDecoded());
        report.put("decodeErrors", decoded.decodeErrors());
        report.put("resolution", width == 0 ? null : width + "x" + height);
        report.put("durationSeconds", round(seconds, 3));
        long frames = h264.framesComplete() + h264.framesIncomplete() + h264.framesSkipped();
        report.put("fps", seconds > 0 && frames > 1 ? round((frames - 1) / seconds, 2) : null);
        report.put("bitrateKbps", seconds > 0 ? round(rtp.getBytes() * 8 / seconds / 1000, 1) : null);
        return report;
    }

    private static double round(double value, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(value * f) / f;
    }
}
