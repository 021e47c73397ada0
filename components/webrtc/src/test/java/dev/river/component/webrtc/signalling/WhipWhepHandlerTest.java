package dev.river.component.webrtc.signalling;

import dev.river.component.webrtc.WebRtcConfiguration;
import dev.river.component.webrtc.transport.WebRtcServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** HTTP semantics of WHIP that need no running transport: authentication, content type, methods. */
class WhipWhepHandlerTest {

    private final CamelContext context = new DefaultCamelContext();
    // never started: these requests are all refused before a session would be created
    private final WebRtcServer server = new WebRtcServer("unit", new WebRtcConfiguration());

    @Test
    void withATokenConfiguredRequestsWithoutItGet401() {
        WhipWhepHandler handler = new WhipWhepHandler(server, "s3cret");
        Exchange anonymous = request("POST", "application/sdp", null);
        handler.whip(anonymous);
        assertEquals(401, anonymous.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("Bearer", anonymous.getMessage().getHeader("WWW-Authenticate"));
        Exchange wrong = request("DELETE", null, "Bearer guess");
        handler.whip(wrong);
        assertEquals(401, wrong.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        Exchange right = request("DELETE", null, "bearer s3cret");
        handler.whip(right);
        assertEquals(404, right.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE), "authorized, but no such session");
    }

    @Test
    void anOfferThatIsNotApplicationSdpGets415() {
        Exchange exchange = request("POST", "text/plain", null);
        new WhipWhepHandler(server, null).whip(exchange);
        assertEquals(415, exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
    }

    @Test
    void trickleIcePatchesGet405BecauseRiverIsIceLite() {
        Exchange exchange = request("PATCH", "application/trickle-ice-sdpfrag", null);
        new WhipWhepHandler(server, null).whip(exchange);
        assertEquals(405, exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("POST, DELETE, OPTIONS", exchange.getMessage().getHeader("Allow"));
    }

    private Exchange request(String method, String contentType, String authorization) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, method);
        exchange.getMessage().setHeader(Exchange.HTTP_URI, "/whip/abc");
        if (contentType != null) {
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        }
        if (authorization != null) {
            exchange.getMessage().setHeader("Authorization", authorization);
        }
        exchange.getMessage().setBody("v=0");
        return exchange;
    }
}
