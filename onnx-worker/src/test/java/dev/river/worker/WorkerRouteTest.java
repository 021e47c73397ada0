package dev.river.worker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The whole worker (routes/worker.yaml + routes/inference.yaml) against a raw JeroMQ ROUTER playing the
 * broker side of RIVER/1 (docs/protocol.md): READY, REQUEST, REPLY, HEARTBEAT.
 */
class WorkerRouteTest extends WorkerTestSupport {

    private static ZContext zmq;
    private static ZMQ.Socket broker;
    private static int port;
    private static byte[] worker;

    @BeforeAll
    static void bindBroker() {
        zmq = new ZContext();
        broker = zmq.createSocket(SocketType.ROUTER);
        broker.setLinger(0);
        broker.setHandshakeIvl(1000); // JeroMQ 0.6.0 can stall a fresh handshake: retry after 1 s, not 30 s
        broker.setReceiveTimeOut(200);
        port = broker.bindToRandomPort("tcp://127.0.0.1");
    }

    @AfterAll
    static void closeBroker() {
        if (zmq != null) {
            zmq.close();
        }
    }

    @Override
    protected String routesIncludePattern() {
        return "classpath:routes/*.yaml";
    }

    @Override
    protected void workerProperties(Properties p) {
        p.setProperty(WorkerSettings.BROKER, "tcp://127.0.0.1:" + port);
        p.setProperty(WorkerSettings.NAME, "e2e-worker");
        p.setProperty(WorkerSettings.SLOTS, "2");
    }

    /** Receives worker messages (identity stripped) until one with the given command, answering heartbeats. */
    private static List<byte[]> receive(String command) {
        long until = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < until) {
            List<byte[]> frames = new ArrayList<>();
            byte[] first = broker.recv();
            if (first == null) {
                heartbeat();
                continue;
            }
            frames.add(first);
            while (broker.hasReceiveMore()) {
                frames.add(broker.recv());
            }
            List<byte[]> message = frames.subList(1, frames.size());
            assertEquals(0, message.get(0).length, "empty delimiter frame");
            assertEquals("RIVER1W", text(message.get(1)));
            if (text(message.get(2)).equals("READY") && message.size() > 4 && text(message.get(4)).equals("0")) {
                // an earlier context's worker draining (READY with 0 slots): not this test's worker
                continue;
            } else if (text(message.get(2)).equals("READY")) {
                // the worker of this test's context (an earlier context's socket may still say goodbye)
                worker = frames.get(0);
            } else if (worker == null || !java.util.Arrays.equals(worker, frames.get(0))) {
                continue;
            }
            if (text(message.get(2)).equals(command)) {
                return message;
            }
            heartbeat();
        }
        throw new AssertionError("no " + command + " from the worker within 20 s");
    }

    private static void heartbeat() {
        if (worker != null) {
            send(new byte[0], ascii("RIVER1W"), ascii("HEARTBEAT"));
        }
    }

    private static void send(byte[]... frames) {
        broker.sendMore(worker);
        for (int i = 0; i < frames.length; i++) {
            if (i < frames.length - 1) {
                broker.sendMore(frames[i]);
            } else {
                broker.send(frames[i]);
            }
        }
    }

    private static void request(byte[] jobId, String model, String metadata, byte[] payload) {
        byte[] deadline = ByteBuffer.allocate(8).putLong(System.currentTimeMillis() + 30_000).array();
        send(new byte[0], ascii("RIVER1W"), ascii("REQUEST"), jobId, model.getBytes(StandardCharsets.UTF_8), deadline,
                metadata.getBytes(StandardCharsets.UTF_8), payload);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void announcesItselfAndAnswersARequestWithTheFaceInTheAstronautPhoto() throws Exception {
        List<byte[]> ready = receive("READY");
        assertEquals("e2e-worker", text(ready.get(3)));
        assertEquals("2", text(ready.get(4)));
        assertEquals("blazeface", text(ready.get(5)));

        byte[] job = {1, 2, 3, 4, 5, 6, 7, 8};
        request(job, "blazeface", "{}", Files.readAllBytes(ASTRONAUT));
        List<byte[]> reply = receive("REPLY");

        assertArrayEquals(job, reply.get(3));
        assertEquals("OK", text(reply.get(4)));
        JsonNode metadata = JSON.readTree(reply.get(5));
        assertEquals("e2e-worker", metadata.get("worker").asText());
        assertNotNull(metadata.get("timings"));
        JsonNode result = JSON.readTree(reply.get(6));
        assertEquals(1, result.get("detections").size());
        FaceAssertions.assertAstronautFace(result.get("detections").get(0), 0, 0);
    }

    @Test
    void answersBadPayloadsWithAnErrorAndKeepsServing() throws Exception {
        receive("READY");

        request(new byte[] {9, 9, 9, 9, 9, 9, 9, 1}, "blazeface", "{\"format\":\"rgb24\",\"width\":128,\"height\":128}",
                new byte[7]);
        List<byte[]> bad = receive("REPLY");
        request(new byte[] {9, 9, 9, 9, 9, 9, 9, 2}, "blazeface", "", Files.readAllBytes(ASTRONAUT));
        List<byte[]> good = receive("REPLY");

        assertEquals("BAD_REQUEST", text(bad.get(4)));
        assertEquals("rgb24 payload of 128x128 must be 49152 bytes, got 7",
                JSON.readTree(bad.get(5)).get("error").asText());
        assertEquals(0, bad.get(6).length);
        assertEquals("OK", text(good.get(4)));
        assertEquals(1, JSON.readTree(good.get(6)).get("detections").size());
    }
}
