package dev.river.serve;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.river.serve.observe.ServeMetrics;
import dev.river.serve.observe.SessionEnds;
import dev.river.serve.pipeline.ServeSession;
import dev.river.serve.pipeline.SessionRegistry;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stopping river-serve mid-stream: the session is ended with reason {@code shutdown} (and counted so), its viewer gets
 * the {@code ended} message and a 1001 close with the reason, and inference requests still in flight (sent to a
 * "broker" that never answers, with a 60 s delay so their deadlines are far away) do not hold the stop beyond
 * Camel's shutdown timeout (2 s here): the stop returns long before any of them could.
 */
class GracefulShutdownTest {

    @Test
    void stoppingEndsSessionsClosesViewerSocketsWithAReasonAndDoesNotWaitForInFlightInference() throws Exception {
        int blackHole = InferencePlaneTestSupport.freePort();
        try (ZContext zmq = new ZContext(); ZMQ.Socket router = zmq.createSocket(SocketType.ROUTER)) {
            router.setHandshakeIvl(1000);
            router.bind(InferencePlaneTestSupport.tcp(blackHole));
            router.setReceiveTimeOut(100);
            Thread swallow = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        router.recv(); // requests are read and never answered
                    } catch (RuntimeException e) {
                        return;
                    }
                }
            }, "black-hole-broker");
            swallow.setDaemon(true);
            swallow.start();
            ServeInstance serve = ServeInstance.start("river.serve.inference-enabled", "true",
                    "river.serve.proxy", InferencePlaneTestSupport.tcp(blackHole), "river.serve.delay-ms", "60000",
                    "river.serve.max-delay-ms", "60000", "camel.main.shutdown-timeout", "2");
            Process ffmpeg = null;
            try {
                int rtpPort = Integer.parseInt(serve.context().resolvePropertyPlaceholders("{{river.serve.rtp.port}}"));
                long ssrc = 0x5555_5555L;
                String id = rtpPort + "-" + Long.toHexString(ssrc);
                try (ResultsClient viewer = new ResultsClient(serve.http(), id, null)) {
                    Path clip = FaceClip.h264(300);
                    ffmpeg = RtpPipelineEndToEndTest.startStream(clip, rtpPort, ssrc);
                    SessionRegistry sessions = serve.bean("sessionRegistry", SessionRegistry.class);
                    assertTrue(RtpPipelineEndToEndTest.await(Duration.ofSeconds(30), () -> inFlight(sessions.get(id)) >= 5),
                            "inference requests in flight to the silent broker");
                    ServeMetrics metrics = serve.bean("serveMetrics", ServeMetrics.class);
                    long shutdownsBefore = metrics.sessionEnds().count(SessionEnds.Reason.shutdown);

                    assertTimeoutPreemptively(Duration.ofSeconds(30), serve::stop,
                            "the stop waited for inference that could only have ended after 60 s");

                    assertEquals(shutdownsBefore + 1, metrics.sessionEnds().count(SessionEnds.Reason.shutdown),
                            "the session was counted as ended by shutdown");
                    assertTrue(RtpPipelineEndToEndTest.await(Duration.ofSeconds(10), () -> viewer.closeCode >= 0),
                            "the viewer's socket was closed");
                    assertEquals(1, viewer.ofType("ended").size(), "the viewer was told: " + viewer.messages);
                    assertEquals("shutdown", viewer.ofType("ended").get(0).json().path("reason").asText());
                    assertEquals(1001, viewer.closeCode, "going away");
                    assertEquals("river-serve is shutting down", viewer.closeReason);
                }
            } finally {
                if (ffmpeg != null) {
                    ffmpeg.destroy();
                    ffmpeg.waitFor(10, TimeUnit.SECONDS);
                }
                serve.close();
                swallow.interrupt();
            }
        }
    }

    private static long inFlight(ServeSession session) {
        return session == null ? 0 : ((Number) session.snapshot().get("inFlight")).longValue();
    }
}
