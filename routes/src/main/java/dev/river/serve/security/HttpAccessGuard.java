package dev.river.serve.security;

import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * First step of every platform-http route that acts (WHIP, WHEP, /api): refuses a browser request from an origin
 * that is not allowed (403) and, when a token is configured, a request without {@code Authorization: Bearer <token>}
 * (401; CORS preflight OPTIONS is exempt). A refused exchange gets a plain-text reason and goes no further.
 */
public final class HttpAccessGuard implements Processor {

    private final AccessPolicy policy;

    public HttpAccessGuard(AccessPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        String origin = in.getHeader("Origin", String.class);
        String method = in.getHeader(Exchange.HTTP_METHOD, "", String.class).toUpperCase(Locale.ROOT);
        if (!policy.originAllowed(origin)) {
            refuse(exchange, 403, "origin " + origin + " is not allowed (river.serve.allowed-origins)\n");
        } else if (!"OPTIONS".equals(method) && !policy.bearerAccepted(in.getHeader("Authorization", String.class))) {
            refuse(exchange, 401, "a valid bearer token is required: Authorization: Bearer <river.serve.auth-token>\n");
            in.setHeader("WWW-Authenticate", "Bearer realm=\"river\"");
        } else {
            in.removeHeader("Authorization");
        }
    }

    private static void refuse(Exchange exchange, int status, String reason) {
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "text/plain");
        m.setBody(reason);
        exchange.setRouteStop(true);
    }
}
