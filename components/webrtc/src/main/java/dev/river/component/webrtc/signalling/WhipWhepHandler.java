package dev.river.component.webrtc.signalling;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.river.component.webrtc.transport.WebRtcServer;
import dev.river.component.webrtc.sdp.SdpException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * WHIP (RFC 9725) and WHEP over whatever Camel HTTP consumer calls it (platform-http, netty-http, jetty): POST an
 * application/sdp offer to get 201 Created, the answer and a Location; DELETE that Location to end the session.
 * Malformed offers get 400 with the reason, unknown resources 404, a full server 503.
 */
public final class WhipWhepHandler {

    private final WebRtcServer server;
    private final String authToken;

    /** @param authToken the bearer token requests must carry, or null to accept any request */
    public WhipWhepHandler(WebRtcServer server, String authToken) {
        this.server = server;
        this.authToken = authToken == null || authToken.isEmpty() ? null : authToken;
    }

    /** POST /whip (publish) and DELETE /whip/{session}. */
    public void whip(Exchange exchange) {
        handle(exchange, false);
    }

    /** POST /whep/{publisher} (view) and DELETE /whep/{publisher}/{viewer}. */
    public void whep(Exchange exchange) {
        handle(exchange, true);
    }

    private void handle(Exchange exchange, boolean whep) {
        Message message = exchange.getMessage();
        String method = String.valueOf(message.getHeader(Exchange.HTTP_METHOD, "POST", String.class)).toUpperCase(Locale.ROOT);
        String path = requestPath(message);
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        String authorization = message.getHeader("Authorization", String.class);
        Object body = message.getBody();
        String offer = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : message.getBody(String.class);
        clear(message);
        if (authToken != null && !"OPTIONS".equals(method) && !authorized(authorization)) {
            message.setHeader("WWW-Authenticate", "Bearer");
            respond(message, 401, "text/plain", "a valid bearer token is required\n");
            return;
        }
        switch (method) {
            case "POST" -> post(message, whep, path, contentType, offer);
            case "DELETE" -> {
                String id = lastSegment(path);
                if (server.endSession(id, "DELETE " + path)) {
                    respond(message, 200, null, "");
                } else {
                    respond(message, 404, "text/plain", "no session " + id + "\n");
                }
            }
            case "OPTIONS" -> {
                message.setHeader("Accept-Post", "application/sdp");
                respond(message, 204, null, "");
            }
            default -> {
                // no trickle ICE: river is ICE-lite and needs no client candidates (RFC 9725 section 4.3.1)
                message.setHeader("Allow", "POST, DELETE, OPTIONS");
                respond(message, 405, "text/plain", "method " + method + " not allowed\n");
            }
        }
    }

    private void post(Message message, boolean whep, String path, String contentType, String offer) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/sdp")) {
            respond(message, 415, "text/plain", "Content-Type must be application/sdp\n");
            return;
        }
        try {
            WebRtcServer.Offered offered = whep ? server.view(lastSegment(path), offer) : server.publish(offer);
            message.setHeader("Location", stripSlash(path) + "/" + offered.session().id());
            message.setHeader("ETag", "\"" + offered.session().id() + "\"");
            respond(message, 201, "application/sdp", offered.answer());
        } catch (SdpException e) {
            respond(message, 400, "text/plain", "malformed offer: " + e.getMessage() + "\n");
        } catch (WebRtcServer.SessionLimitException e) {
            respond(message, 503, "text/plain", e.getMessage() + "\n");
        } catch (IllegalArgumentException e) {
            respond(message, 404, "text/plain", e.getMessage() + "\n");
        } catch (IllegalStateException e) {
            respond(message, 503, "text/plain", e.getMessage() + "\n");
        }
    }

    private boolean authorized(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return java.security.MessageDigest.isEqual(given, authToken.getBytes(StandardCharsets.UTF_8));
    }

    private static String requestPath(Message message) {
        String uri = message.getHeader(Exchange.HTTP_URI, String.class);
        if (uri == null) {
            uri = message.getHeader(Exchange.HTTP_PATH, "/", String.class);
        }
        int q = uri.indexOf('?');
        if (q >= 0) {
            uri = uri.substring(0, q);
        }
        if (uri.startsWith("http://") || uri.startsWith("https://")) {
            int slash = uri.indexOf('/', uri.indexOf("//") + 2);
            uri = slash < 0 ? "/" : uri.substring(slash);
        }
        return uri;
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String lastSegment(String path) {
        String p = stripSlash(path);
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** Request headers must not leak into the response. */
    private static void clear(Message message) {
        message.removeHeaders("*");
    }

    private static void respond(Message message, int status, String contentType, String body) {
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        if (contentType != null) {
            message.setHeader(Exchange.CONTENT_TYPE, contentType);
        }
        message.setBody(body);
    }
}
