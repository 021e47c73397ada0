package dev.river.component.webrtc.browser;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.river.component.webrtc.WebRtcStatistics;
import dev.river.component.webrtc.WebRtcStatistics.Counter;
import dev.river.component.webrtc.transport.StunMessage;
import dev.river.component.webrtc.transport.WebRtcSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Headless Chromium publishes its (fake) camera through WHIP with a sendrecv offer; river's consumer receives its
 * H264 packets and the echo route sends them straight back through the producer, which Chromium must decode. The
 * tests run in order on one browser: the publishing tab stays open while the others check what must not disturb it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChromiumInteropTest extends WebRtcBrowserTestSupport {

    private static String publisherTab;

    @BeforeAll
    static void startChromiumAndServer() throws Exception {
        Assumptions.assumeTrue(ChromiumBrowser.executable() != null,
                "Debian chromium is not installed (apt-get install chromium)");
        startServer();
        startChromium();
    }

    @Test
    @Order(1)
    void chromiumPublishesOverWhipAndDecodesTheStreamSentBack() throws Exception {
        publisherTab = chromium.open(pageUrl("/whip", "direct"));
        assertTrue(await(Duration.ofSeconds(30), () -> {
            JsonNode r = lastReport("direct");
            return r != null && (r.has("error") || r.path("in").path("framesDecoded").asLong() >= 30
                                                   && r.path("in").path("frameWidth").asInt() == 640);
        }), () -> "no decoded 640x480 frames; last report " + lastReport("direct") + " " + stats("direct"));
        JsonNode report = lastReport("direct");
        assertFalse(report.has("error"), report::toString);
        assertEquals(640, report.path("in").path("frameWidth").asInt(), report::toString);
        assertEquals(480, report.path("in").path("frameHeight").asInt(), report::toString);
        SessionProbe probe = PROBES.get(sessionOf("direct"));
        assertNotNull(probe, "the consumer received the browser's packets");
        assertTrue(probe.packets.get() > 100, "the consumer received the browser's packets");
        assertTrue(probe.keyframes.get() >= 1, "the consumer saw an H264 keyframe");
        long decoded = report.path("in").path("framesDecoded").asLong();
        assertTrue(await(Duration.ofSeconds(5),
                () -> lastReport("direct").path("in").path("framesDecoded").asLong() > decoded + 20),
                "framesDecoded keeps growing");
        assertTrue(stats("direct").get(Counter.RTP_SENT) > 100);
        assertTrue(server("direct").session(sessionOf("direct")).remote().getAddress().isLoopbackAddress(),
                "media flows over loopback only");
        assertTrue(await(Duration.ofSeconds(12), () -> probe.maxBitrateWithin(10_000) >= 1_000_000),
                () -> "inbound bytes per second " + new TreeMap<>(probe.bytesPerSecond));
        assertTrue(stats("direct").get(Counter.REMB_SENT) > 0 && stats("direct").get(Counter.RR_SENT) > 0
                   && stats("direct").get(Counter.SR_SENT) > 0, "RTCP reports and REMB flow");
    }

    @Test
    @Order(2)
    void aKeyframeRequestFromTheRouteBringsAKeyframe() throws Exception {
        SessionProbe probe = PROBES.get(sessionOf("direct"));
        long plis = stats("direct").get(Counter.PLI_SENT);
        long keyframes = probe.keyframes.get();
        probe.requestKeyframe.set(true);
        assertTrue(await(Duration.ofSeconds(10), () -> probe.keyframes.get() > keyframes),
                () -> "no keyframe after the request; " + stats("direct"));
        assertTrue(stats("direct").get(Counter.PLI_SENT) > plis);
    }

    @Test
    @Order(3)
    void aWhepViewerReceivesThePublishersStream() throws Exception {
        String session = sessionOf("direct");
        String tab = chromium.open(viewerUrl("/whep/" + session, "viewer"));
        try {
            assertTrue(await(Duration.ofSeconds(20), () -> {
                JsonNode r = lastReport("viewer");
                return r != null && (r.has("error") || r.path("in").path("framesDecoded").asLong() >= 20);
            }), () -> "viewer decoded nothing; " + lastReport("viewer") + " " + stats("direct"));
            assertEquals(640, lastReport("viewer").path("in").path("frameWidth").asInt());
            assertEquals(1, server("direct").session(session).viewers().size());
        } finally {
            chromium.close(tab);
        }
    }

    @Test
    @Order(4)
    void garbageOnThePortIsCountedAndHarmsNoSession() throws Exception {
        WebRtcStatistics stats = stats("direct");
        long before = stats.get(Counter.GARBAGE) + stats.get(Counter.STUN_MALFORMED) + stats.get(Counter.STUN_UNAUTHORIZED)
                      + stats.get(Counter.UNKNOWN_SOURCE);
        SessionProbe probe = PROBES.get(sessionOf("direct"));
        long packets = probe.packets.get();
        Random random = new Random(1);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", directPort);
            for (int i = 0; i < 200; i++) {
                byte[] junk = new byte[1 + random.nextInt(1200)];
                random.nextBytes(junk);
                socket.send(new DatagramPacket(junk, junk.length, target));
            }
            byte[] stun = StunMessage.bindingRequest(new byte[12], "nosuchufrag:peer", true, "wrong-password-123456789");
            socket.send(new DatagramPacket(stun, stun.length, target));
            byte[] truncated = java.util.Arrays.copyOf(stun, 30);
            socket.send(new DatagramPacket(truncated, truncated.length, target));
        }
        assertTrue(await(Duration.ofSeconds(5), () -> stats.get(Counter.GARBAGE) + stats.get(Counter.STUN_MALFORMED)
                + stats.get(Counter.STUN_UNAUTHORIZED) + stats.get(Counter.UNKNOWN_SOURCE) >= before + 202));
        assertTrue(await(Duration.ofSeconds(5), () -> probe.packets.get() > packets + 50), "the session keeps flowing");
        assertTrue(server("direct").session(sessionOf("direct")).isConnected());
    }

    @Test
    @Order(5)
    void malformedOffersAreAnswered400AndCounted() throws Exception {
        long malformed = stats("direct").get(Counter.SDP_MALFORMED);
        int sessions = server("direct").sessions().size();
        for (String offer : new String[] { "", "hello", "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n",
                                           "v=0\r\na=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901234\r\n" }) {
            HttpResponse<String> response = http("POST", "/whip", "application/sdp", offer);
            assertEquals(400, response.statusCode(), response::body);
        }
        assertEquals(415, http("POST", "/whip", "text/plain", "v=0").statusCode());
        assertEquals(malformed + 4, stats("direct").get(Counter.SDP_MALFORMED));
        assertEquals(sessions, server("direct").sessions().size());
        assertEquals(404, http("DELETE", "/whip/0000000000000000", null, null).statusCode());
    }

    @Test
    @Order(6)
    void lossBetweenBrowserAndServerIsRecoveredByNack() throws Exception {
        relay.rtpLoss(0.05);
        String tab = chromium.open(pageUrl("/lossy/whip", "lossy"));
        try {
            // the echo route has no resequencer, so recovered packets go back out of order: the point here is
            // the NACK loop between river and the browser, not what the browser decodes of the echo
            assertTrue(await(Duration.ofSeconds(30), () -> {
                JsonNode r = lastReport("lossy");
                return r != null && (r.has("error") || r.path("out").path("packetsSent").asLong() >= 200);
            }), () -> "lossy session sent nothing; " + lastReport("lossy") + " " + stats("lossy"));
            WebRtcStatistics stats = stats("lossy");
            assertTrue(await(Duration.ofSeconds(10), () -> stats.get(Counter.RECOVERED_PACKETS) >= 10),
                    () -> "dropped " + relay.dropped() + " " + stats);
            assertTrue(stats.get(Counter.NACK_SENT) > 0);
            assertTrue(lastReport("lossy").path("out").path("nackCount").asLong() > 0, "Chromium saw our NACKs");
        } finally {
            relay.rtpLoss(0);
        }
    }

    @Test
    @Order(7)
    void aPeerThatStopsAnsweringLosesItsSessionWhenConsentExpires() throws Exception {
        String session = sessionOf("lossy");
        WebRtcSession lossy = server("lossy").session(session);
        assertNotNull(lossy);
        relay.blackhole(true);
        try {
            assertTrue(await(Duration.ofSeconds(15), lossy::isClosed), () -> "session still open; " + stats("lossy"));
            assertTrue(stats("lossy").get(Counter.CONSENT_EXPIRED) >= 1);
            assertTrue(EVENTS.contains("ended " + session), EVENTS::toString);
            assertTrue(server("direct").session(sessionOf("direct")).isConnected(), "the other server's session is untouched");
        } finally {
            relay.blackhole(false);
        }
    }

    @Test
    @Order(8)
    void deletingTheWhipResourceEndsTheSession() throws Exception {
        String session = sessionOf("direct");
        String resource = lastReport("direct").path("resource").asText();
        assertEquals(200, http("DELETE", resource, null, null).statusCode());
        assertTrue(server("direct").session(session) == null);
        assertTrue(EVENTS.contains("ended " + session), EVENTS::toString);
        assertEquals(404, http("DELETE", resource, null, null).statusCode());
        chromium.close(publisherTab);
    }

    private static WebRtcStatistics stats(String name) {
        return server(name).statistics();
    }
}
