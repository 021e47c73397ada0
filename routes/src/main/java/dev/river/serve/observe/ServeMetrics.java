package dev.river.serve.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import dev.river.component.rtp.RtpConsumer;
import dev.river.component.rtp.RtpStatistics;
import dev.river.component.webrtc.WebRtcComponent;
import dev.river.component.webrtc.WebRtcStatistics;
import dev.river.component.webrtc.WebRtcStatistics.Counter;
import dev.river.component.webrtc.transport.WebRtcServer;
import dev.river.serve.media.DecodeQueueAdmission;
import dev.river.serve.media.H264FrameDecoder;
import dev.river.serve.media.H264Reassembler;
import dev.river.serve.media.H264ReassemblyCounters;
import dev.river.serve.pipeline.DelayResequencer;
import dev.river.serve.pipeline.InferenceOutcome;
import dev.river.serve.pipeline.ResultPublisher;
import dev.river.serve.pipeline.ServeSession;
import dev.river.serve.pipeline.SessionRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Route;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * river-serve's {@code river_*} meters on the Micrometer registry that camel-micrometer-prometheus serves at
 * {@code /observe/metrics}. Counters and gauges are functions reading the counters the pipeline keeps anyway (the
 * components' statistics, the delay-resequencer, reassembly and decoder counters, the result publisher's outcomes),
 * so a packet costs nothing more; only the three latency histograms are recorded, through the observers the pipeline
 * calls where it measures them, into Timers with fixed buckets (no allocation per record).
 */
public final class ServeMetrics extends ServiceSupport implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(ServeMetrics.class);
    static final String WEBRTC = "webrtc";
    static final String RTP = "rtp";

    private final SessionRegistry sessions;
    private final DelayResequencer resequencer;
    private final H264Reassembler reassembler;
    private final H264FrameDecoder decoder;
    private final ResultPublisher publisher;
    private final SessionEnds ends;
    private final String webrtcServerName;
    private final String rtpRouteId;
    private final List<Meter> meters = new ArrayList<>();
    private CamelContext camelContext;
    private MeterRegistry registry;

    /**
     * @param webrtcServerName the name of the webrtc: server (the path of {@code webrtc:river})
     * @param rtpRouteId       the id of the route whose rtp: consumer ingests plain RTP
     */
    public ServeMetrics(SessionRegistry sessions, DelayResequencer resequencer, H264Reassembler reassembler,
                        H264FrameDecoder decoder, ResultPublisher publisher, String webrtcServerName, String rtpRouteId) {
        this.sessions = sessions;
        this.resequencer = resequencer;
        this.reassembler = reassembler;
        this.decoder = decoder;
        this.publisher = publisher;
        this.webrtcServerName = webrtcServerName;
        this.rtpRouteId = rtpRouteId;
        this.ends = new SessionEnds();
        sessions.addEndListener(ends);
    }

    @Override
    protected void doStart() {
        registry = camelContext.getRegistry().findSingleByType(MeterRegistry.class);
        if (registry == null) {
            LOG.info("no Micrometer registry (camel.metrics.enabled=false): river_* metrics are not published");
            return;
        }
        bind(registry);
    }

    @Override
    protected void doStop() {
        publisher.setInferenceLatencyObserver(null);
        publisher.setEndToEndLatencyObserver(null);
        resequencer.setLatenessObserver(null);
        if (registry != null) {
            meters.forEach(registry::remove);
        }
        meters.clear();
        registry = null;
    }

    private void bind(MeterRegistry r) {
        for (String source : List.of(WEBRTC, RTP)) {
            counter(r, "river.rtp.packets.in", "RTP packets received", m -> m.packetsIn(source), "source", source);
            counter(r, "river.rtp.packets.out", "RTP packets released to the viewers after the delay N",
                    m -> m.resequencer.getReleased("direct:" + source + "-egress"), "source", source);
            gauge(r, "river.sessions", "Sessions open", m -> m.sessions(source), "source", source);
        }
        dropped(r, "malformed", m -> m.rtp(RtpStatistics::getMalformed) + m.webrtc(Counter.RTP_MALFORMED)
                                     + m.resequencer.getMalformed());
        dropped(r, "oversize", m -> m.rtp(RtpStatistics::getOversize));
        dropped(r, "payload_type", m -> m.rtp(RtpStatistics::getFiltered) + m.webrtc(Counter.RTP_UNEXPECTED_PAYLOAD_TYPE));
        dropped(r, "srtp_auth", m -> m.webrtc(Counter.SRTP_AUTH_FAILED));
        dropped(r, "before_keys", m -> m.webrtc(Counter.RTP_BEFORE_KEYS));
        dropped(r, "max_sessions", m -> m.sessions.getRejectedPackets());
        dropped(r, "delay_buffer_full", m -> m.resequencer.getDropped());
        dropped(r, "duplicate", m -> m.resequencer.getDuplicates());
        dropped(r, "session_ended", m -> m.resequencer.getDiscarded());
        dropped(r, "send_failed", m -> m.resequencer.getSendErrors());
        for (SessionEnds.Reason reason : SessionEnds.Reason.values()) {
            counter(r, "river.sessions.ended", "Sessions ended, by reason", m -> m.ends.count(reason), "reason",
                    reason.name());
        }
        counter(r, "river.frames.reassembled", "Access units reassembled complete from RTP",
                m -> m.reassembly().framesComplete());
        counter(r, "river.frames.incomplete", "Access units dropped because a packet was missing or malformed",
                m -> m.reassembly().framesIncomplete());
        counter(r, "river.frames.decoded", "Frames decoded (and scaled for the model)",
                m -> m.decoder.getCounters().framesDecoded());
        counter(r, "river.frames.dropped", "Complete frames not decoded", m -> m.reassembly().framesSkipped()
                + m.decoder.getCounters().framesSkipped(), "reason", "waiting_keyframe");
        counter(r, "river.frames.dropped", "Complete frames not decoded", m -> m.decoder.getCounters().decodeErrors(),
                "reason", "decode_error");
        DecodeQueueAdmission decodeQueue = camelContext.getRegistry().lookupByNameAndType("decodeQueue",
                DecodeQueueAdmission.class);
        if (decodeQueue != null) {
            counter(r, "river.frames.dropped", "Complete frames not decoded", m -> decodeQueue.refused(), "reason",
                    "decode_queue_full");
            gauge(r, "river.decode.queue.depth", "Access units waiting for the decoder", m -> decodeQueue.queued());
        }
        counter(r, "river.keyframe.requests", "Keyframes asked of senders (RTCP PLI) after loss or on joining",
                m -> m.reassembly().keyframeRequests());
        for (InferenceOutcome outcome : InferenceOutcome.values()) {
            counter(r, "river.inference.results", "Frames by the fate of their inference",
                    m -> m.publisher.outcomes(outcome), "status", outcome.name());
        }
        Timer inference = timer(r, "river.inference.latency", "Inference request sent to result received",
                1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000);
        Timer endToEnd = timer(r, "river.end.to.end.latency", "First packet of a frame received to its result published",
                5, 10, 20, 50, 100, 200, 500, 1000, 2000, 3000, 5000, 10_000);
        gauge(r, "river.release.thread.realtime", "1 when the release thread runs under SCHED_FIFO, 0 when not permitted or off",
                m -> m.resequencer.getReleaseScheduling().realtime() ? 1 : 0);
        Timer lateness = timer(r, "river.release.lateness", "Packet release time minus (arrival + N)",
                0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 1000);
        publisher.setInferenceLatencyObserver(nanos -> inference.record(nanos, TimeUnit.NANOSECONDS));
        publisher.setEndToEndLatencyObserver(nanos -> endToEnd.record(nanos, TimeUnit.NANOSECONDS));
        resequencer.setLatenessObserver(nanos -> lateness.record(nanos, TimeUnit.NANOSECONDS));
        LOG.info("{} river_* meters published", meters.size());
    }

    private void counter(MeterRegistry r, String name, String help, ToDoubleFunction<ServeMetrics> f, String... tags) {
        meters.add(FunctionCounter.builder(name, this, f).description(help).tags(tags).register(r));
    }

    private void dropped(MeterRegistry r, String reason, ToDoubleFunction<ServeMetrics> f) {
        counter(r, "river.rtp.packets.dropped", "RTP packets dropped, by reason", f, "reason", reason);
    }

    private void gauge(MeterRegistry r, String name, String help, ToDoubleFunction<ServeMetrics> f, String... tags) {
        meters.add(Gauge.builder(name, this, f).description(help).tags(tags).register(r));
    }

    private Timer timer(MeterRegistry r, String name, String help, double... bucketMillis) {
        Duration[] slos = new Duration[bucketMillis.length];
        for (int i = 0; i < slos.length; i++) {
            slos[i] = Duration.ofNanos(Math.round(bucketMillis[i] * 1_000_000));
        }
        Timer t = Timer.builder(name).description(help).serviceLevelObjectives(slos)
                .maximumExpectedValue(Duration.ofSeconds(60)).register(r);
        meters.add(t);
        return t;
    }

    private double packetsIn(String source) {
        return WEBRTC.equals(source) ? webrtc(Counter.RTP_RECEIVED) : rtp(RtpStatistics::getPackets);
    }

    private double sessions(String kind) {
        int n = 0;
        for (ServeSession s : sessions.sessions()) {
            if (kind.equals(s.kind())) {
                n++;
            }
        }
        return n;
    }

    private H264ReassemblyCounters reassembly() {
        return reassembler.getCounters();
    }

    private long webrtc(Counter counter) {
        WebRtcComponent component = camelContext.getComponent(WEBRTC, false) instanceof WebRtcComponent c ? c : null;
        WebRtcServer server = component == null ? null : component.getServer(webrtcServerName);
        WebRtcStatistics statistics = server == null ? null : server.statistics();
        return statistics == null ? 0 : statistics.get(counter);
    }

    private long rtp(java.util.function.ToLongFunction<RtpStatistics> counter) {
        Route route = camelContext.getRoute(rtpRouteId);
        return route != null && route.getConsumer() instanceof RtpConsumer c ? counter.applyAsLong(c.getStatistics()) : 0;
    }

    /** Ended sessions by reason (what river_sessions_ended_total reads). */
    public SessionEnds sessionEnds() {
        return ends;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
