package dev.river.serve.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.river.component.zeromq.ZeroMQEndpoint;
import dev.river.serve.BrokerCurveKeys;
import dev.river.serve.pipeline.DelayResequencer;
import dev.river.serve.pipeline.ServeSession;
import dev.river.serve.pipeline.SessionRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * The JSON behind {@code GET /api/status} and {@code GET /api/sessions}: whether the broker answers, how many
 * workers serve each model (from the broker's STATS, cached for a second), the sessions and the delay-resequencer's
 * counters and release lateness.
 */
public final class ServeStatus {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SessionRegistry sessions;
    private final DelayResequencer resequencer;
    private final String brokerUri;
    private final BrokerCurveKeys curve;
    private volatile long statsAtMillis;
    private volatile Map<String, Object> broker = Map.of("reachable", false, "models", Map.of());

    public ServeStatus(SessionRegistry sessions, DelayResequencer resequencer, String proxy, BrokerCurveKeys curve) {
        this.curve = curve;
        this.sessions = sessions;
        this.resequencer = resequencer;
        this.brokerUri = "zeromq:" + proxy + "?protocol=client&requestTimeout=2000";
    }

    public String status(Exchange exchange) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("broker", broker(exchange.getContext()));
        m.put("defaultModel", sessions.getModel());
        m.put("defaultDelayMs", sessions.getDelayMillis());
        m.put("sessions", sessionList());
        m.put("delayResequencer", resequencer.statistics());
        return json(exchange, m);
    }

    public String sessions(Exchange exchange) throws Exception {
        return json(exchange, sessionList());
    }

    private List<Map<String, Object>> sessionList() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ServeSession s : sessions.sessions()) {
            list.add(s.snapshot());
        }
        return list;
    }

    /** Workers per model from the broker's STATS (at most one STATS a second). */
    public Map<String, Object> broker(CamelContext context) {
        long now = System.currentTimeMillis();
        if (now - statsAtMillis < 1000) {
            return broker;
        }
        statsAtMillis = now;
        Map<String, Object> b = new LinkedHashMap<>();
        Map<String, Integer> models = new LinkedHashMap<>();
        String stats = null;
        try {
            ZeroMQEndpoint endpoint = context.getEndpoint(brokerUri, ZeroMQEndpoint.class);
            curve.applyTo(endpoint); // before its first use (ProxyWatch shares this endpoint and does the same)
            stats = endpoint.stats(1000);
        } catch (RuntimeException e) {
            // unreachable below
        }
        b.put("reachable", stats != null);
        if (stats != null) {
            try {
                JsonNode node = JSON.readTree(stats);
                for (JsonNode worker : node.path("workers")) {
                    for (JsonNode model : worker.path("models")) {
                        models.merge(model.asText(), 1, Integer::sum);
                    }
                }
            } catch (java.io.IOException e) {
                b.put("reachable", false);
            }
        }
        b.put("models", models);
        broker = b;
        return b;
    }

    private static String json(Exchange exchange, Object value) throws Exception {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader("Cache-Control", "no-store");
        return JSON.writeValueAsString(value);
    }
}
