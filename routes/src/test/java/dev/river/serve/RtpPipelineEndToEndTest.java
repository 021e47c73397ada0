package dev.river.serve;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline through the rtp: path, driven by the ffmpeg CLI (no browser): ffmpeg sends RTP/H264 of a moving
 * face through a timestamping relay into river-serve; the delayed packets are captured on the egress port and the
 * results read from the session's WebSocket. Real proxy and worker processes ({@link ServeServices}).
 */
class RtpPipelineEndToEndTest {

    private static final long OFFSET = 90_000;
    private static ServeServices services;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startServices() throws Exception {
        services = ServeServices.get();
    }

    @Test
    void everyPacketComesBackAfterTheDelayInOrderAndEveryFrameHasItsResultBeforeItIsReleased() throws Exception {
        long ssrc = 0x1111_1111L;
        String session = services.rtpPort + "-" + Long.toHexString(ssrc);
        Path clip = FaceClip.h264(150);
        try (ResultsClient results = new ResultsClient(services.http(), session, services.token);
             RtpCapture egress = new RtpCapture(services.rtpEgressPort, ssrc, null);
             RtpCapture ingest = new RtpCapture(0, ssrc, new InetSocketAddress("127.0.0.1", services.rtpPort))) {
            stream(clip, ingest.port(), ssrc);
            assertTrue(await(Duration.ofMillis(services.delayMillis + 5000),
                    () -> egress.packets.size() >= ingest.packets.size()), "all packets released");
            assertTrue(await(Duration.ofSeconds(15), () -> results.ofType("ended").size() == 1),
                    "the session ends after its idle timeout: " + results.messages.size() + " messages");

            // the video: every packet, in order, N after it arrived
            assertEquals(ingest.packets.size(), egress.packets.size(), "no packet lost or added");
            List<Long> lateness = new ArrayList<>();
            for (int i = 0; i < ingest.packets.size(); i++) {
                RtpCapture.Packet in = ingest.packets.get(i);
                RtpCapture.Packet out = egress.packets.get(i);
                assertEquals(in.seq(), out.seq(), "released in sequence order");
                assertEquals((in.timestamp() + OFFSET) & 0xFFFFFFFFL, out.timestamp(), "timestamp shifted by the offset");
                lateness.add(out.nanos() - in.nanos() - TimeUnit.MILLISECONDS.toNanos(services.delayMillis));
            }
            lateness.sort(null);
            long p50 = lateness.get(lateness.size() / 2);
            // p95, not p99: this machine's 2 cores are shared with other test suites and benchmarks, and a
            // descheduled relay thread shows up here as delay (river's own release lateness is in /api/status)
            long p95 = lateness.get((int) (lateness.size() * 0.95));
            assertTrue(Math.abs(p50) < TimeUnit.MILLISECONDS.toNanos(20), "median delay is N: off by " + p50 / 1e6 + " ms");
            assertTrue(lateness.get(0) > -TimeUnit.MILLISECONDS.toNanos(1), "never early: " + lateness.get(0) / 1e6);
            assertTrue(p95 < TimeUnit.MILLISECONDS.toNanos(100), "p95 within N + 100 ms: " + p95 / 1e6);

            // the results: one per frame, each before its frame's first packet was released, boxes on the face
            Map<Long, Long> firstRelease = new HashMap<>();
            for (RtpCapture.Packet p : egress.packets) {
                firstRelease.putIfAbsent(p.timestamp(), p.nanos());
            }
            long firstTs = egress.packets.get(0).timestamp();
            List<ResultsClient.Received> frames = results.ofType("result");
            assertEquals(firstRelease.size(), frames.size(), "one result message per frame");
            int ontimeBeforeRelease = 0;
            int onFace = 0;
            List<String> missed = new ArrayList<>();
            List<String> notOnTime = new ArrayList<>();
            for (ResultsClient.Received r : frames) {
                JsonNode json = r.json();
                long ts = json.path("rtpTimestamp").asLong();
                Long released = firstRelease.get(ts);
                assertTrue(released != null, "result for a frame that was released: " + json);
                if ("ontime".equals(json.path("status").asText()) && r.nanos() < released) {
                    ontimeBeforeRelease++;
                } else if (notOnTime.size() < 5) {
                    notOnTime.add(json.path("frameIndex").asLong() + ":" + json.path("status").asText() + ":"
                                  + (released - r.nanos()) / 1_000_000 + "ms:" + json.path("timings"));
                }
                long n = ((ts - firstTs) & 0xFFFFFFFFL) / 3000;
                JsonNode box = json.path("detections").path(0).path("box");
                if (!box.isMissingNode() && FaceClip.onFace(n, box.path("x").asDouble() + box.path("w").asDouble() / 2,
                        box.path("y").asDouble() + box.path("h").asDouble() / 2)) {
                    onFace++;
                } else if (missed.size() < 12) {
                    missed.add(n + ":" + box);
                }
                assertEquals(640, json.path("width").asInt(), "frame pixels");
            }
            assertTrue(ontimeBeforeRelease >= frames.size() * 0.99,
                    ontimeBeforeRelease + " of " + frames.size() + " results on time and before their frame; not: " + notOnTime);
            assertTrue(onFace >= frames.size() * 0.95, onFace + " of " + frames.size() + " boxes on the face; missed " + missed);
            assertFalse(sessions().contains(session), "the session's state is freed after it ends");
        }
    }

    @Test
    void videoGoesOnAndResultsResumeWhenTheWorkerIsKilledMidStreamAndTheGapIsMarked() throws Exception {
        long ssrc = 0x2222_2222L;
        String session = services.rtpPort + "-" + Long.toHexString(ssrc);
        Path clip = FaceClip.h264(300);
        try (ResultsClient results = new ResultsClient(services.http(), session, services.token);
             RtpCapture egress = new RtpCapture(services.rtpEgressPort, ssrc, null);
             RtpCapture ingest = new RtpCapture(0, ssrc, new InetSocketAddress("127.0.0.1", services.rtpPort))) {
            Process ffmpeg = startStream(clip, ingest.port(), ssrc);
            assertTrue(await(Duration.ofSeconds(10), () -> results.ofType("result").size() > 30), "results flow");
            services.killWorker();
            services.startWorker();
            assertTrue(ffmpeg.waitFor(30, TimeUnit.SECONDS), "ffmpeg finished");
            assertTrue(await(Duration.ofMillis(services.delayMillis + 8000), () -> results.ofType("ended").size() == 1),
                    "the session ended");
            assertEquals(ingest.packets.size(), egress.packets.size(), "the video lost nothing");
            List<String> statuses = results.ofType("result").stream().map(r -> r.json().path("status").asText()).toList();
            long distinctFrames = egress.packets.stream().map(RtpCapture.Packet::timestamp).distinct().count();
            assertEquals(distinctFrames, statuses.size(), "every frame has a message, the gap too: " + counts(statuses));
            assertTrue(statuses.stream().anyMatch(s -> !s.equals("ontime")), "the gap is marked: " + counts(statuses));
            List<String> tail = statuses.subList(statuses.size() - 30, statuses.size());
            assertTrue(tail.stream().allMatch("ontime"::equals), "results resumed: " + counts(tail));
        }
    }

    private static Map<String, Integer> counts(List<String> statuses) {
        Map<String, Integer> m = new HashMap<>();
        statuses.forEach(s -> m.merge(s, 1, Integer::sum));
        return m;
    }

    private static void stream(Path clip, int port, long ssrc) throws Exception {
        Process p = startStream(clip, port, ssrc);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffmpeg finished");
        assertEquals(0, p.exitValue(), "ffmpeg exit status");
    }

    /** The independent sender: ffmpeg's RTP muxer at the clip's real rate (-re). */
    static Process startStream(Path clip, int port, long ssrc) throws Exception {
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-i", clip.toString(),
                "-c:v", "copy", "-f", "rtp", "-payload_type", "96", "-ssrc", String.valueOf(ssrc),
                "rtp://127.0.0.1:" + port).redirectErrorStream(true)
                .redirectOutput(Path.of("target", "e2e-media", "ffmpeg-rtp-" + ssrc + ".log").toFile()).start();
    }

    private static String sessions() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(services.http() + "/api/sessions"))
                        .header("Authorization", "Bearer " + services.token).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Polls every 50 ms; the timeout bounds the test, it is not the measured quantity. */
    static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
