package dev.river.serve.web;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.river.serve.pipeline.ResultListener;
import dev.river.serve.pipeline.ResultPublisher;
import dev.river.serve.pipeline.SessionRegistry;
import dev.river.serve.security.AccessPolicy;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results WebSocket, {@code GET /sessions/{id}/results}, on the same Vert.x server as platform-http (so WHIP,
 * the API, the web app and the results share one port). Each open socket gets every result message of its session
 * as a text frame the moment it exists (a socket may open before its rtp: stream starts), then an {@code ended}
 * message and a close when the session ends. A socket that cannot keep up loses messages (counted), it never buffers
 * without bound. The upgrade is refused from a browser origin that is not allowed (403) and, when a token is set,
 * without {@code ?access_token=<token>} (401: browsers cannot set headers on a WebSocket). Viewers are expected to
 * send nothing: a message above {@code maxMessageBytes} closes the socket (1009). When river-serve stops, every
 * socket is closed with 1001 and the reason.
 */
public final class ResultsWebSocket implements ResultListener {

    private static final Logger LOG = LoggerFactory.getLogger(ResultsWebSocket.class);
    public static final String PATH = "/sessions/:id/results";
    /** The query parameter that carries the bearer token on the upgrade request. */
    public static final String TOKEN_PARAM = "access_token";
    public static final String SHUTDOWN_REASON = "river-serve is shutting down";

    private final SessionRegistry sessions;
    private final Map<String, Set<ServerWebSocket>> sockets = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();
    private final LongAdder refused = new LongAdder();
    private final LongAdder oversize = new LongAdder();
    private final Set<ServerWebSocket> all = ConcurrentHashMap.newKeySet();
    private final AccessPolicy access;
    private int maxSockets = 256;
    private int maxMessageBytes = 4096;
    private volatile boolean stopping;

    public ResultsWebSocket(SessionRegistry sessions, ResultPublisher publisher) {
        this(sessions, publisher, new AccessPolicy(null, "*"));
    }

    public ResultsWebSocket(SessionRegistry sessions, ResultPublisher publisher, AccessPolicy access) {
        this.sessions = sessions;
        this.access = access;
        publisher.addListener(this);
    }

    /** Mounts the WebSocket route on the platform-http Vert.x router (once the HTTP server runs). */
    public void mount(CamelContext context, int port) {
        ServeHttpRouter.of(context, port).route(PATH).order(-1000).handler(this::upgrade);
        LOG.info("results WebSocket at {}", PATH.replace(":id", "{id}"));
    }

    private void upgrade(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        HttpServerRequest request = ctx.request();
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            ctx.response().setStatusCode(426).putHeader("Content-Type", "text/plain").end("WebSocket upgrade expected\n");
            return;
        }
        String origin = request.getHeader("Origin");
        if (!access.originAllowed(origin)) {
            refuse(ctx, 403, "origin " + origin + " is not allowed (river.serve.allowed-origins)\n");
            return;
        }
        if (!access.tokenAccepted(request.getParam(TOKEN_PARAM))) {
            refuse(ctx, 401, "a valid token is required: ?" + TOKEN_PARAM + "=<river.serve.auth-token>\n");
            return;
        }
        if (stopping) {
            refuse(ctx, 503, SHUTDOWN_REASON + "\n");
            return;
        }
        if (id == null || !id.matches("[A-Za-z0-9_.-]{1,64}") || open.get() >= maxSockets) {
            // a session that does not exist yet is fine (an rtp: stream about to start); junk and floods are not
            ctx.response().setStatusCode(id == null || !id.matches("[A-Za-z0-9_.-]{1,64}") ? 404 : 503)
                    .putHeader("Content-Type", "text/plain").end("no results socket for this session\n");
            return;
        }
        request.toWebSocket().onSuccess(ws -> {
            Set<ServerWebSocket> set = sockets.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet());
            set.add(ws);
            all.add(ws);
            open.incrementAndGet();
            ws.closeHandler(v -> {
                open.decrementAndGet();
                set.remove(ws);
                all.remove(ws);
                sockets.computeIfPresent(id, (k, s) -> s.isEmpty() ? null : s);
            });
            ws.exceptionHandler(e -> set.remove(ws));
            long[] messageBytes = new long[1];
            ws.frameHandler(frame -> {
                // nothing is expected from the viewer: ignored, but a flood closes the socket
                if (messageBytes[0] < 0) {
                    return; // closing already
                }
                messageBytes[0] += frame.binaryData().length();
                if (messageBytes[0] > maxMessageBytes) {
                    oversize.increment();
                    messageBytes[0] = -1;
                    ws.close((short) 1009, "messages to this socket are limited to " + maxMessageBytes + " bytes");
                } else if (frame.isFinal()) {
                    messageBytes[0] = 0;
                }
            });
            ws.writeTextMessage("{\"type\":\"hello\",\"session\":\"" + id + "\",\"known\":"
                                + (sessions.get(id) != null) + "}");
        }).onFailure(e -> LOG.debug("WebSocket upgrade for {} failed", id, e));
    }

    private void refuse(RoutingContext ctx, int status, String reason) {
        refused.increment();
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain").end(reason);
    }

    /**
     * river-serve is stopping: later sessions' ends close their sockets with 1001 and {@link #SHUTDOWN_REASON}, new
     * sockets are refused (503). Call {@link #closeAll()} after the sessions were ended.
     */
    public void stopping() {
        stopping = true;
    }

    /** Closes every socket still open (1001, {@link #SHUTDOWN_REASON}). */
    public void closeAll() {
        for (ServerWebSocket ws : all) {
            ws.close((short) 1001, SHUTDOWN_REASON);
        }
        sockets.clear();
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
            if (stopping) {
                ws.close((short) 1001, SHUTDOWN_REASON);
            } else {
                ws.close((short) 1000, "session ended");
            }
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

    /** Upgrades refused (origin, token, shutting down). */
    public long getRefused() {
        return refused.sum();
    }

    /** Sockets closed because the viewer sent more than maxMessageBytes. */
    public long getOversize() {
        return oversize.sum();
    }

    /** Results sockets open at once (all sessions); more get 503. */
    public void setMaxSockets(int maxSockets) {
        this.maxSockets = maxSockets;
    }

    /** The largest message a viewer may send (nothing is expected); more closes the socket with 1009. */
    public void setMaxMessageBytes(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }
}
