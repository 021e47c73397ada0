package dev.river.component.webrtc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import dev.river.component.webrtc.WebRtcStatistics.Counter;
import dev.river.component.webrtc.bench.LoopbackWebRtcPeer;
import dev.river.component.webrtc.transport.WebRtcServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole endpoint without a browser: a plain-Java WebRTC peer (ICE controlling, DTLS client, SRTP) publishes to
 * webrtc:loop, whose consumer route drops every third packet and sends the rest back through the producer.
 */
class WebRtcLoopbackTest {

    private static CamelContext context;
    private static final List<Message> RECEIVED = new CopyOnWriteArrayList<>();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @BeforeAll
    static void startCamel() throws Exception {
        context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("webrtc:loop?port=0&maxSessions=2&rtcpInterval=200").routeId("loop")
                        .process(e -> {
                            RECEIVED.add(e.getMessage().copy());
                            if (e.getMessage().getHeader(WebRtcConstants.SEQUENCE_NUMBER, Integer.class) % 50 == 7) {
                                e.getMessage().setHeader(WebRtcConstants.KEYFRAME_REQUEST, true);
                            }
                        })
                        .filter(e -> COUNTER.incrementAndGet() % 3 != 0)
                        .to("webrtc:loop");
            }
        });
        context.start();
    }

    @AfterAll
    static void stopCamel() {
        context.stop();
    }

    private static WebRtcServer server() {
        return context.getComponent("webrtc", WebRtcComponent.class).getServer("loop");
    }

    @Test
    void aJavaPeerPublishesAndGetsItsPacketsBackOnRiversOwnContiguousStream() throws Exception {
        try (LoopbackWebRtcPeer peer = new LoopbackWebRtcPeer()) {
            WebRtcServer.Offered offered = server().publish(peer.offer());
            peer.connect(offered.answer());
            // the peer's handshake ends when river's Finished arrives; river derives its keys just after sending it
            assertTrue(await(offered.session()::isConnected));
            int before = RECEIVED.size();
            for (int frame = 0; frame < 30; frame++) {
                peer.sendFrame(3000, frame == 0);
            }
            assertTrue(await(() -> RECEIVED.size() >= before + 90), "consumer got 90 packets, has " + RECEIVED.size());
            Message m = RECEIVED.get(RECEIVED.size() - 1);
            assertEquals(peer.ssrc(), m.getHeader(WebRtcConstants.SSRC));
            assertEquals(LoopbackWebRtcPeer.PAYLOAD_TYPE, m.getHeader(WebRtcConstants.PAYLOAD_TYPE));
            assertEquals(offered.session().id(), m.getHeader(WebRtcConstants.SESSION_ID));
            assertEquals(offered.session().id(), m.getHeader(WebRtcConstants.STREAM_ID));
            assertEquals(90_000, m.getHeader(WebRtcConstants.CLOCK_RATE));
            assertTrue(m.getHeader(WebRtcConstants.MARKER, Boolean.class));
            assertTrue(m.getBody() instanceof byte[]);
            assertTrue(await(() -> peer.received() >= 60), "peer got 60 packets back, has " + peer.received());
            assertEquals(0, peer.gapsReceived(), "no sequence gaps although the route dropped every third packet");
            assertEquals(offered.session().outbound().ssrc(), peer.lastReceivedSsrc());
            assertNotEquals(peer.ssrc(), peer.lastReceivedSsrc());
            assertTrue(await(() -> peer.pliReceived() > 0), "the keyframe request became a PLI");
            assertTrue(await(() -> peer.rtcpReceived() > 2), "receiver/sender reports and REMB arrive");
        }
    }

    @Test
    void garbageFromAConnectedPeerIsCountedAndTheSessionLivesOn() throws Exception {
        try (LoopbackWebRtcPeer peer = new LoopbackWebRtcPeer()) {
            WebRtcServer.Offered offered = server().publish(peer.offer());
            peer.connect(offered.answer());
            assertTrue(await(offered.session()::isConnected));
            WebRtcStatistics stats = server().statistics();
            long authFailed = stats.get(Counter.SRTP_AUTH_FAILED);
            long garbage = stats.get(Counter.GARBAGE);
            byte[] fakeRtp = new byte[200];
            fakeRtp[0] = (byte) 0x80;
            fakeRtp[1] = (byte) LoopbackWebRtcPeer.PAYLOAD_TYPE;
            fakeRtp[11] = 9;
            peer.sendRaw(fakeRtp);
            peer.sendRaw(new byte[] { (byte) 0xFF, 1, 2 });
            peer.sendRaw(new byte[] { 0x16, (byte) 0xFE, (byte) 0xFD, 0, 0 });
            int before = RECEIVED.size();
            for (int frame = 0; frame < 5; frame++) {
                peer.sendFrame(2000, frame == 0);
            }
            assertTrue(await(() -> RECEIVED.size() >= before + 10));
            assertEquals(authFailed + 1, stats.get(Counter.SRTP_AUTH_FAILED));
            assertEquals(garbage + 1, stats.get(Counter.GARBAGE));
            assertTrue(offered.session().isConnected());
        }
    }

    @Test
    void aViewersNackIsAnsweredFromTheBufferAndItsPliReachesThePublisher() throws Exception {
        try (LoopbackWebRtcPeer peer = new LoopbackWebRtcPeer()) {
            WebRtcServer.Offered offered = server().publish(peer.offer());
            peer.connect(offered.answer());
            assertTrue(await(offered.session()::isConnected));
            peer.loseNextReceived(2);
            for (int frame = 0; frame < 10; frame++) {
                peer.sendFrame(2000, frame == 0);
            }
            assertTrue(await(() -> peer.received() >= 10 && peer.lost().length == 2));
            WebRtcStatistics stats = server().statistics();
            long retransmitted = stats.get(Counter.RETRANSMITTED);
            long plisSent = stats.get(Counter.PLI_SENT);
            long plis = peer.pliReceived();
            Thread.sleep(350); // the PLI towards a publisher is throttled to one per 300 ms
            peer.sendFeedback(offered.session().outbound().ssrc(), peer.lost(), true);
            assertTrue(await(() -> peer.retransmissionsReceived() >= 2), () -> "no retransmissions; " + stats);
            assertEquals(retransmitted + 2, stats.get(Counter.RETRANSMITTED));
            // wait for the forwarded PLI itself: a PLI sent before the snapshots (on joining) can still be on its way
            // to the peer, so the peer's count alone may rise before this one is sent (a failed CI run)
            assertTrue(await(() -> stats.get(Counter.PLI_SENT) > plisSent), () -> "PLI not forwarded; " + stats);
            assertTrue(await(() -> peer.pliReceived() > plis), () -> "PLI not received; " + stats);
        }
    }

    @Test
    void theStatisticsOperationReportsTheCounters() {
        java.util.Map<?, ?> stats = context.createProducerTemplate()
                .requestBody("webrtc:loop?operation=statistics", null, java.util.Map.class);
        assertTrue(stats.containsKey("rtpReceived") && stats.containsKey("srtpAuthFailed") && stats.containsKey("sessions"),
                stats::toString);
    }

    @Test
    void anOfferBeyondMaxSessionsIsRefused() throws Exception {
        try (LoopbackWebRtcPeer a = new LoopbackWebRtcPeer(); LoopbackWebRtcPeer b = new LoopbackWebRtcPeer();
             LoopbackWebRtcPeer c = new LoopbackWebRtcPeer()) {
            assertTrue(await(() -> server().sessions().isEmpty()), "earlier sessions were cleaned up");
            server().publish(a.offer());
            server().publish(b.offer());
            assertThrows(WebRtcServer.SessionLimitException.class, () -> server().publish(c.offer()));
            server().sessions().forEach(s -> server().endSession(s.id(), "test"));
        }
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
