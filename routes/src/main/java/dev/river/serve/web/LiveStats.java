package dev.river.serve.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.river.serve.pipeline.DelayResequencer;
import dev.river.serve.pipeline.ServeSession;
import dev.river.serve.pipeline.SessionRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Once a second, sends each connected session a {@code stats} message on its results WebSocket: its counters per
 * status, inference p50/p99, workers serving its model and the delay-resequencer's release lateness.
 */
public final class LiveStats extends ServiceSupport implements CamelContextAware {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SessionRegistry sessions;
    private final ResultsWebSocket sockets;
    private final ServeStatus status;
    private final DelayResequencer resequencer;
    private CamelContext camelContext;
    private ScheduledExecutorService timer;

    public LiveStats(SessionRegistry sessions, ResultsWebSocket sockets, ServeStatus status, DelayResequencer resequencer) {
        this.sessions = sessions;
        this.sockets = sockets;
        this.status = status;
        this.resequencer = resequencer;
    }

    private void tick() {
        if (sockets.connectedSessions().isEmpty()) {
            return;
        }
        Map<String, Object> broker = status.broker(camelContext);
        Map<String, Object> reseq = resequencer.statistics();
        for (String id : sockets.connectedSessions()) {
            ServeSession s = sessions.get(id);
            if (s == null) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "stats");
            m.putAll(s.snapshot());
            Object models = broker.get("models");
            Object workers = models instanceof Map<?, ?> mm ? mm.get(s.model()) : null;
            m.put("brokerReachable", broker.get("reachable"));
            m.put("workers", workers == null ? 0 : workers);
            m.put("latenessP50Ms", reseq.get("latenessP50Ms"));
            m.put("latenessP99Ms", reseq.get("latenessP99Ms"));
            m.put("heldPackets", resequencer.heldPackets(id));
            try {
                sockets.broadcast(id, JSON.writeValueAsString(m));
            } catch (java.io.IOException e) {
                // a map of plain values always serialises
            }
        }
    }

    @Override
    protected void doStart() {
        timer = camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "LiveStats");
        timer.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                // statistics must never stop; the next tick retries
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            camelContext.getExecutorServiceManager().shutdownNow(timer);
            timer = null;
        }
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
