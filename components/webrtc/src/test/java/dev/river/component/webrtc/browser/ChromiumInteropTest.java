package dev.river.component.webrtc.browser;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.river.component.webrtc.WebRtcStatistics.Counter;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Headless Chromium publishes its (fake) camera through WHIP with a sendrecv offer; river's consumer receives its
 * H264 packets and the echo route sends them straight back through the producer, which Chromium must decode.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChromiumInteropTest extends WebRtcBrowserTestSupport {

    @Test
    @Order(1)
    void chromiumPublishesOverWhipAndDecodesTheStreamSentBack() throws Exception {
        String tab = chromium.open(pageUrl("/whip", "direct"));
        try {
            assertTrue(await(Duration.ofSeconds(30), () -> {
                JsonNode r = lastReport("direct");
                return r != null && (r.has("error") || r.path("in").path("framesDecoded").asLong() >= 60
                                     && r.path("in").path("frameWidth").asInt() == 640);
            }), () -> "no decoded frames; last report " + lastReport("direct") + " stats " + server("direct").statistics());
            JsonNode report = lastReport("direct");
            assertTrue(!report.has("error"), () -> "page error: " + report);
            assertEquals(640, report.path("in").path("frameWidth").asInt(), report::toString);
            assertEquals(480, report.path("in").path("frameHeight").asInt(), report::toString);
            String session = sessionOf("direct");
            SessionProbe probe = PROBES.get(session);
            assertTrue(probe != null && probe.packets.get() > 100, "the consumer received the browser's packets");
            assertTrue(probe.keyframes.get() >= 1, "the consumer saw an H264 keyframe");
            long decoded = report.path("in").path("framesDecoded").asLong();
            assertTrue(await(Duration.ofSeconds(5),
                    () -> lastReport("direct").path("in").path("framesDecoded").asLong() > decoded + 20),
                    "framesDecoded keeps growing");
            assertTrue(server("direct").statistics().get(Counter.RTP_SENT) > 100);
        } finally {
            SessionProbe p = PROBES.get(sessionOf("direct"));
            System.out.println("direct: " + lastReport("direct") + "\n" + server("direct").statistics() + "\nbitrate per second "
                               + (p == null ? null : new java.util.TreeMap<>(p.bytesPerSecond)));
        }
    }
}
