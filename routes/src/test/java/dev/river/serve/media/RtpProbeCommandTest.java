package dev.river.serve.media;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpProbeCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int probe(String... args) {
        return RtpProbeCommand.run(args, new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void printsOneJsonDocumentOfCountersForAFeed() throws Exception {
        FfmpegFixtures.Capture capture = FfmpegFixtures.capture(FfmpegFixtures.inBandClip(), 1200);
        int port = MediaTestSupport.freeUdpPort();
        CountDownLatch listening = new CountDownLatch(1);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> RtpProbeCommand.run(
                new String[] { "--port", String.valueOf(port), "--seconds", "2" }, new PrintStream(out, true),
                new PrintStream(err, true), listening::countDown));
        assertTrue(listening.await(20, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        // a live feed: frames paced, not all at once
        try (DatagramChannel sender = DatagramChannel.open()) {
            long ts = -1;
            for (byte[] packet : capture.packets()) {
                long packetTs = dev.river.component.rtp.RtpPackets.timestamp(packet, 0);
                if (ts >= 0 && packetTs != ts) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
                ts = packetTs;
                sender.send(ByteBuffer.wrap(packet), new InetSocketAddress("127.0.0.1", port));
            }
        }
        assertEquals(0, exit.get(30, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(capture.packets().size(), report.get("packets").asInt());
        assertEquals(FfmpegFixtures.FRAMES, report.get("framesComplete").asInt());
        assertEquals(FfmpegFixtures.FRAMES, report.get("framesDecoded").asInt());
        assertEquals(FfmpegFixtures.FRAMES / FfmpegFixtures.GOP, report.get("keyframes").asInt());
        assertEquals(0, report.get("lost").asInt());
        assertEquals(0, report.get("framesIncomplete").asInt());
        assertEquals(0, report.get("decodeErrors").asInt());
        assertEquals(0, report.get("malformedPackets").asInt());
        assertEquals("320x240", report.get("resolution").asText());
        assertEquals(96, report.get("payloadType").asInt());
        assertTrue(report.get("fps").asDouble() > 10, report.toString());
        assertTrue(report.get("bitrateKbps").asDouble() > 0, report.toString());
    }

    @Test
    void exitsNonZeroWithAClearMessageWhenNothingArrives() {
        int port = MediaTestSupport.freeUdpPort();
        assertEquals(1, probe("--port", String.valueOf(port), "--seconds", "0.5"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no RTP packets arrived on udp://127.0.0.1:" + port),
                err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void explainsItsUsageWhenThePortIsMissing() {
        assertEquals(2, probe("--seconds", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--port"));
    }
}
