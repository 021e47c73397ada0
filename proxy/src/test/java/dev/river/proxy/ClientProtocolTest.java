package dev.river.proxy;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;

import dev.river.component.zeromq.protocol.RiverProtocol;

import static dev.river.component.zeromq.protocol.RiverProtocol.CLIENT_BYTES;
import static dev.river.component.zeromq.protocol.RiverProtocol.ascii;
import static dev.river.component.zeromq.protocol.RiverProtocol.encodeDeadline;
import static dev.river.proxy.TestClient.text;
import static dev.river.proxy.TestClient.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client side of RIVER/1: PING/PONG, STATS, OVERLOADED, REQ clients, READY updates. */
class ClientProtocolTest extends BrokerTestSupport {

    @Test
    void pingIsAnsweredWithPong() {
        startBroker();
        client().ping();
    }

    @Test
    void statsListsWorkersQueueAndCounters() {
        startBroker();
        worker("w1", 2, 0, false, MODEL, "yolo");
        awaitWorkers(1);
        TestClient client = client();
        client.request("r", MODEL, inSeconds(30));
        assertEquals(RiverProtocol.STATUS_OK, client.reply().status());
        JsonNode s = client.stats();
        JsonNode w = s.path("workers").get(0);
        assertEquals("w1", w.path("name").asText());
        assertEquals(List.of(MODEL, "yolo"), List.of(w.path("models").get(0).asText(), w.path("models").get(1).asText()));
        assertEquals(2, w.path("slots").asInt());
        assertEquals(0, w.path("busy").asInt());
        assertTrue(w.path("idleSinceMs").asLong() > 0);
        assertEquals(0, s.path("queued").asInt());
        JsonNode c = s.path("counters");
        for (String name : List.of("requests", "dispatched", "replies", "expired", "rejected", "malformed",
                "redispatched", "workerLost", "lateWorkerReplies")) {
            assertTrue(c.has(name), "counter " + name + " in " + c);
        }
        assertEquals(1, c.path("requests").asLong());
        assertEquals(1, c.path("dispatched").asLong());
        assertEquals(1, c.path("replies").asLong());
        assertEquals(1, s.path("workersPerModel").path("yolo").asInt());
    }

    @Test
    void aRequestArrivingWhenTheQueueIsFullIsAnsweredOverloaded() {
        startBroker(settings().queueSize(2));
        TestWorker w = holdingWorker("w", 1);
        awaitWorkers(1);
        TestClient client = client();
        client.request("busy", MODEL, inSeconds(30));
        await("slot taken", () -> w.received.size() == 1);
        client.request("q1", MODEL, inSeconds(30));
        client.request("q2", MODEL, inSeconds(30));
        client.request("over", MODEL, inSeconds(30));
        TestClient.Reply r = client.reply();
        assertEquals("over", r.requestId());
        assertEquals(RiverProtocol.STATUS_OVERLOADED, r.status());
        w.release();
        for (int i = 0; i < 3; i++) {
            assertEquals(RiverProtocol.STATUS_OK, client.reply().status());
        }
        assertEquals(1, counter("overloaded"));
    }

    @Test
    void aReqSocketClientGetsItsReplies() {
        startBroker();
        worker("w", 1, 0);
        awaitWorkers(1);
        TestClient req = client(SocketType.REQ);
        for (int i = 0; i < 3; i++) {
            req.send(CLIENT_BYTES, ascii(RiverProtocol.REQUEST), utf8("q" + i), utf8(MODEL),
                    encodeDeadline(inSeconds(30)), utf8("{}"), utf8("hello" + i));
            List<byte[]> f = req.receive(10_000);
            assertNotNull(f);
            assertEquals(List.of("RIVER1C", "REPLY", "q" + i, "OK", "{\"worker\":\"w\"}", "hello" + i),
                    f.stream().map(TestClient::text).toList());
        }
        req.send(CLIENT_BYTES, ascii(RiverProtocol.PING));
        assertEquals("PONG", text(req.receive(10_000).get(1)));
    }

    @Test
    void aSecondReadyReplacesTheWorkersSlotsAndModels() {
        startBroker();
        TestWorker w = worker("w", 1, 0);
        awaitWorkers(1);
        w.sendRaw(RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, ascii(RiverProtocol.READY), utf8("w-renamed"),
                utf8("4"), utf8("yolo"));
        await("READY applied", () -> stats().path("workers").get(0).path("slots").asInt() == 4);
        JsonNode s = stats();
        assertEquals("w-renamed", s.path("workers").get(0).path("name").asText());
        assertTrue(s.path("workersPerModel").path(MODEL).isMissingNode());
        assertEquals(1, s.path("workersPerModel").path("yolo").asInt());
    }

    @Test
    void everyRequestGetsExactlyOneReplyWhatever() {
        startBroker(settings().queueSize(3));
        worker("w", 1, 2);
        awaitWorkers(1);
        TestClient client = client();
        int n = 40;
        long now = System.currentTimeMillis();
        for (int i = 0; i < n; i++) {
            long deadline = switch (i % 4) {
                case 0 -> now - 1;
                case 1 -> now + 30_000;
                case 2 -> 0;
                default -> now + 5;
            };
            client.request("r" + i, MODEL, deadline);
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            assertTrue(ids.add(client.reply().requestId()));
        }
        assertEquals(n, ids.size());
        assertEquals(null, client.receive(50));
        JsonNode c = stats().path("counters");
        assertEquals(n, c.path("requests").asLong());
        assertEquals(n, c.path("replies").asLong() + c.path("expired").asLong() + c.path("overloaded").asLong()
                + c.path("noWorker").asLong() + c.path("badRequest").asLong() + c.path("workerLost").asLong());
    }
}
