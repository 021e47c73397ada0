package dev.river.serve.web;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.river.serve.pipeline.ResultListener;
import dev.river.serve.pipeline.ResultPublisher;
import dev.river.serve.pipeline.SessionRegistry;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results WebSocket, {@code GET /sessions/{id}/results}, on the same Vert.x server as platform-http (so WHIP,
 * the API, the web app and the results share one port). Each open socket gets every result message of its session
 * as a text frame the moment it exists (a socket may open before its rtp: stream starts), then an {@code ended} message and a close when the session ends. A socket
 * that cannot keep up loses messages (counted), it never buffers without bound.
 */
public final class ResultsWebSocket implements ResultListener {

    private static final Logger LOG = LoggerFactory.getLogger(ResultsWebSocket.class);
    public static final String PATH = "/sessions/:id/results";

    private final SessionRegistry sessions;
    private final Map<String, Set<ServerWebSocket>> sockets = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();
    private int maxSockets = 256;

    public ResultsWebSocket(SessionRegistry sessions, ResultPublisher publisher) {
        this.sessions = sessions;
        publisher.addListener(this);
    }

    /** Mounts the WebSocket route on the platform-http Vert.x router (once the HTTP server runs). */
    public void mount(CamelContext context, int port) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            router = VertxPlatformHttpRouter.lookup(context);
        }
        if (router == null) {
            throw new IllegalStateException("no platform-http Vert.x router: enable camel.server (camel-platform-http-main)");
        }
        router.route(PATH).order(-1000).handler(this::upgrade);
        LOG.info("results WebSocket at {}", PATH.replace(":id", "{id}"));
    }

    private void upgrade(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
            ctx.response().setStatusCode(426).putHeader("Content-Type", "text/plain").end("WebSocket upgrade expected\n");
            return;
        }
        if (id == null || !id.matches("[A-Za-z0-9_.-]{1,64}") || open.get() >= maxSockets) {
            // a session that does not exist yet is fine (an rtp: stream about to start); junk and floods are not
            ctx.response().setStatusCode(id == null || !id.matches("[A-Za-z0-9_.-]{1,64}") ? 404 : 503)
                    .putHeader("Content-Type", "text/plain").end("no results socket for this session\n");
            return;
        }
        ctx.request().toWebSocket().onSuccess(ws -> {
            Set<ServerWebSocket> set = sockets.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet());
            set.add(ws);
            open.incrementAndGet();
            ws.closeHandler(v -> {
                open.decrementAndGet();
                set.remove(ws);
                sockets.computeIfPresent(id, (k, s) -> s.isEmpty() ? null : s);
            });
            ws.exceptionHandler(e -> set.remove(ws));
            ws.textMessageHandler(m -> {
                // nothing is expected from the viewer; ignore
            });
            ws.writeTextMessage("{\"type\":\"hello\",\"session\":\"" + id + "\",\"known\":"
                                + (sessions.get(id) != null) + "}");
        }).onFailure(e -> LOG.debug("WebSocket upgrade for {} failed", id, e));
    }

    @Override
    public void result(String session, String json) {
        Set<ServerWebSocket> set = sockets.get(session);
        if (set == null) {
            return;
        }
        for (ServerWebSocket ws : set) {
            if (ws.writeQueueFull()) {
                dropped.increment();
            } else {
                ws.writeTextMessage(json);
                sent.increment();
            }
        }
    }

    @Override
    public void ended(String session, String json) {
        Set<ServerWebSocket> set = sockets.remove(session);
        if (set == null) {
            return;
        }
        for (ServerWebSocket ws : set) {
            ws.writeTextMessage(json);
            ws.close((short) 1000, "session ended");
        }
    }

    /** Sends a message to every socket of a session (live statistics). */
    public void broadcast(String session, String json) {
        result(session, json);
    }

    public Set<String> connectedSessions() {
        return sockets.keySet();
    }

    public long getSent() {
        return sent.sum();
    }

    public long getDropped() {
        return dropped.sum();
    }
}
