package dev.river.serve.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

import dev.river.component.rtp.RtpConstants;
import dev.river.component.webrtc.WebRtcConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows every live session (a WebRTC publisher or an rtp: stream), its settings, and frees all of its state (delay
 * buffer, reassembly, decoder, result sockets) when it ends: on a webrtc: "ended" event, or after
 * {@code idleTimeoutMillis} without packets (counted from the last packet's release, arrival + N, so the held video is
 * always released first). The session id is the packet's {@code CamelRtpStreamId}.
 */
public class SessionRegistry extends ServiceSupport implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);
    /** Query parameters of a WHIP offer that choose the session's delay and model. */
    public static final String DELAY_PARAM = "delay";
    public static final String MODEL_PARAM = "model";
    /** The end reason of every session still open when river-serve stops. */
    public static final String SHUTDOWN = "shutdown";
    private static final String PROPERTY_DELAY = "RiverServeRequestedDelay";
    private static final String PROPERTY_MODEL = "RiverServeRequestedModel";

    private final Map<String, ServeSession> sessions = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, String>> endListeners = new ArrayList<>();
    private final LongAdder rejected = new LongAdder();
    private volatile boolean shuttingDown;
    private CamelContext camelContext;
    private ScheduledExecutorService idleChecker;
    private long delayMillis = 3000;
    private long minDelayMillis = 500;
    private long maxDelayMillis = 10_000;
    private String model = "blazeface";
    private long rtpTimestampOffset;
    private long idleTimeoutMillis = 10_000;
    private int maxSessions = 64;

    /** First step for every RTP packet: finds or creates its session and stamps the session's delay on it. */
    public void onPacket(Exchange exchange) {
        Message in = exchange.getIn();
        String id = in.getHeader(RtpConstants.STREAM_ID, String.class);
        if (id == null) {
            exchange.setRouteStop(true);
            return;
        }
        ServeSession session = sessions.get(id);
        if (session == null) {
            if (shuttingDown) {
                exchange.setRouteStop(true);
                return;
            }
            if (sessions.size() >= maxSessions) {
                rejected.increment();
                exchange.setRouteStop(true);
                return;
            }
            boolean webrtc = in.getHeader(WebRtcConstants.SESSION_ID) != null;
            session = sessions.computeIfAbsent(id, k -> new ServeSession(k, webrtc ? "webrtc" : "rtp", delayMillis, model));
            LOG.info("session {} started ({}, delay {} ms, model {})", id, session.kind(), session.delayMillis(), session.model());
        }
        Long arrival = in.getHeader(RtpConstants.ARRIVAL_NANOS, Long.class);
        session.packet(arrival != null ? arrival : System.nanoTime());
        if (session.timestampOffset() == ServeSession.UNKNOWN_OFFSET) {
            Long outgoing = in.getHeader(WebRtcConstants.OUTGOING_TIMESTAMP, Long.class);
            Long incoming = in.getHeader(RtpConstants.TIMESTAMP, Long.class);
            session.timestampOffset(outgoing != null && incoming != null
                    ? (outgoing - incoming) & 0xFFFF_FFFFL : rtpTimestampOffset & 0xFFFF_FFFFL);
        }
        in.setHeader(ServeHeaders.DELAY_MILLIS, session.delayMillis());
    }

    /** Before a WHIP offer goes to webrtc:: validates the requested delay and model (query parameters). */
    public void whipRequested(Exchange exchange) {
        Message in = exchange.getIn();
        String delay = in.getHeader(DELAY_PARAM, String.class);
        String wanted = in.getHeader(MODEL_PARAM, String.class);
        long d = delayMillis;
        if (delay != null && !delay.isBlank()) {
            try {
                d = Long.parseLong(delay.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("delay must be a number of milliseconds, got '" + delay + "'");
            }
            if (d < minDelayMillis || d > maxDelayMillis) {
                throw new IllegalArgumentException("delay must be between " + minDelayMillis + " and " + maxDelayMillis
                                                   + " ms, got " + d);
            }
        }
        if (wanted != null && !wanted.isBlank() && !wanted.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException("model must be a name of letters, digits, '.', '_' or '-'");
        }
        exchange.setProperty(PROPERTY_DELAY, d);
        exchange.setProperty(PROPERTY_MODEL, wanted == null || wanted.isBlank() ? model : wanted.trim());
    }

    /** After webrtc: answered a WHIP offer with 201: registers the session with the requested delay and model. */
    public void whipAnswered(Exchange exchange) {
        Message out = exchange.getMessage();
        Integer code = out.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String location = out.getHeader("Location", String.class);
        if (code == null || code != 201 || location == null) {
            return;
        }
        String id = location.substring(location.lastIndexOf('/') + 1);
        ServeSession session = sessions.computeIfAbsent(id, k -> new ServeSession(k, "webrtc", delayMillis, model));
        session.delayMillis(exchange.getProperty(PROPERTY_DELAY, delayMillis, Long.class));
        session.model(exchange.getProperty(PROPERTY_MODEL, model, String.class));
        out.setHeader("X-River-Session", id);
        out.setHeader("X-River-Results", "/sessions/" + id + "/results");
        LOG.info("session {} offered (webrtc, delay {} ms, model {})", id, session.delayMillis(), session.model());
    }

    /** webrtc: session events (sessionEvents=true): an ended publisher ends its river session. */
    public void onSessionEvent(Exchange exchange) {
        Message in = exchange.getIn();
        if ("ended".equals(in.getHeader(WebRtcConstants.EVENT_TYPE, String.class))) {
            end(in.getHeader(WebRtcConstants.SESSION_ID, String.class), in.getHeader(WebRtcConstants.EVENT_REASON, String.class));
        }
    }

    public ServeSession get(String id) {
        return id == null ? null : sessions.get(id);
    }

    public Collection<ServeSession> sessions() {
        return sessions.values();
    }

    /** Ends a session and frees everything it holds; false when it was not known. */
    public boolean end(String id, String reason) {
        ServeSession session = id == null ? null : sessions.remove(id);
        if (session == null) {
            return false;
        }
        session.end(reason);
        LOG.info("session {} ended: {}", id, session.endReason());
        for (BiConsumer<String, String> listener : endListeners) {
            try {
                listener.accept(id, session.endReason());
            } catch (RuntimeException e) {
                LOG.warn("freeing session {} failed", id, e);
            }
        }
        return true;
    }

    /** river-serve is stopping: ends every session with reason {@link #SHUTDOWN} and starts no new one. */
    public int endForShutdown() {
        shuttingDown = true;
        return endAll(SHUTDOWN);
    }

    /** Ends every session with {@code reason}; returns how many there were. */
    public int endAll(String reason) {
        int n = 0;
        for (String id : new ArrayList<>(sessions.keySet())) {
            if (end(id, reason)) {
                n++;
            }
        }
        return n;
    }

    /** Packets dropped because {@code maxSessions} sessions were already open. */
    public long getRejectedPackets() {
        return rejected.sum();
    }

    /** Called with (session id, reason) when a session ends: the holders of per-session state free it. */
    public void addEndListener(BiConsumer<String, String> listener) {
        endListeners.add(listener);
    }

    private void endIdleSessions() {
        long now = System.nanoTime();
        for (ServeSession s : sessions.values()) {
            // counted from the last packet's release (arrival + N): ending earlier would discard held video
            if (now - s.lastPacketNanos() > TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis + s.delayMillis())) {
                end(s.id(), "no packets for " + idleTimeoutMillis + " ms");
            }
        }
    }

    @Override
    protected void doStart() {
        shuttingDown = false;
        idleChecker = camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "SessionIdleCheck");
        idleChecker.scheduleWithFixedDelay(this::endIdleSessions, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    protected void doStop() {
        if (idleChecker != null) {
            camelContext.getExecutorServiceManager().shutdownNow(idleChecker);
            idleChecker = null;
        }
        endForShutdown();
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    public void setDelayMillis(long delayMillis) {
        this.delayMillis = delayMillis;
    }

    public long getDelayMillis() {
        return delayMillis;
    }

    public void setMinDelayMillis(long minDelayMillis) {
        this.minDelayMillis = minDelayMillis;
    }

    public void setMaxDelayMillis(long maxDelayMillis) {
        this.maxDelayMillis = maxDelayMillis;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public String getModel() {
        return model;
    }

    /** The fixed offset added to RTP timestamps of rtp: streams on the way out (webrtc: reports its own). */
    public void setRtpTimestampOffset(long rtpTimestampOffset) {
        this.rtpTimestampOffset = rtpTimestampOffset;
    }

    public long getRtpTimestampOffset() {
        return rtpTimestampOffset;
    }

    public void setIdleTimeoutMillis(long idleTimeoutMillis) {
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    public void setMaxSessions(int maxSessions) {
        this.maxSessions = maxSessions;
    }
}
