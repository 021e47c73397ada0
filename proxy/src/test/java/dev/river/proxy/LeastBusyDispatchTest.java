package dev.river.proxy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.river.component.zeromq.protocol.RiverProtocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dispatch rule 1 of docs/protocol.md: least busy, slots respected, requests queue while no slot is free. */
class LeastBusyDispatchTest extends BrokerTestSupport {

    @Test
    void aFastWorkerGetsProportionallyMoreRequestsThanASlowOne() {
        startBroker();
        worker("fast", 1, 5);
        worker("slow", 1, 25);
        awaitWorkers(2);
        TestClient client = client();
        int n = 120;
        for (int i = 0; i < n; i++) {
            client.request("r" + i, MODEL, inSeconds(30));
        }
        Map<String, Integer> perWorker = new HashMap<>();
        for (int i = 0; i < n; i++) {
            TestClient.Reply r = client.reply();
            assertEquals(RiverProtocol.STATUS_OK, r.status(), r.metadata());
            perWorker.merge(workerOf(r), 1, Integer::sum);
        }
        int fast = perWorker.getOrDefault("fast", 0);
        // speeds 200/s and 40/s: least-busy gives the fast worker ~83%; round-robin would give 50%
        assertTrue(fast > n * 0.65, "fast worker share " + fast + "/" + n + " " + perWorker);
    }

    @Test
    void aWorkerWithTwoSlotsNeverGetsMoreThanTwoAtOnceAndTheRestQueue() {
        startBroker();
        TestWorker w = holdingWorker("w", 2);
        awaitWorkers(1);
        TestClient client = client();
        for (int i = 0; i < 5; i++) {
            client.request("r" + i, MODEL, inSeconds(30));
        }
        await("3 queued, 2 busy", () -> {
            var s = stats();
            return s.path("queued").asInt() == 3 && s.path("busySlots").asInt() == 2;
        });
        // the broker counts a slot busy when it sends; the two REQUESTs may still be on their way
        await("the worker holds its 2", () -> w.received.size() == 2);
        assertEquals(3, stats().path("queued").asInt(), "the rest wait in the broker");
        w.release();
        for (int i = 0; i < 5; i++) {
            assertEquals(RiverProtocol.STATUS_OK, client.reply().status());
        }
        assertEquals(2, w.maxInFlight.get());
        assertEquals(5, w.received.size());
    }

    @Test
    void theWorkerWithTheMostFreeSlotsIsChosen() {
        startBroker();
        TestWorker small = holdingWorker("small", 1);
        awaitWorkers(1);
        TestWorker big = holdingWorker("big", 3);
        awaitWorkers(2);
        TestClient client = client();
        // free slots: big 3 vs small 1 -> big, big 2 vs 1 -> big, 1 vs 1 -> tie: the longer idle (small)
        client.request("a", MODEL, inSeconds(30));
        client.request("b", MODEL, inSeconds(30));
        client.request("c", MODEL, inSeconds(30));
        await("3 dispatched", () -> big.received.size() + small.received.size() == 3);
        assertEquals(2, big.received.size());
        assertEquals(1, small.received.size());
        assertEquals("payload-c", small.received.get(0).payloadText());
    }

    @Test
    void aReplyCarriesTheWorkersStatusMetadataAndPayloadUnchanged() {
        startBroker();
        TestWorker w = worker("w1", 1, 0);
        awaitWorkers(1);
        TestClient client = client();
        byte[] payload = new byte[307_200];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        long deadline = inSeconds(30);
        client.request("id-1", MODEL, deadline, "{\"format\":\"rgb24\"}", payload);
        TestClient.Reply r = client.reply();
        assertEquals("id-1", r.requestId());
        assertEquals(RiverProtocol.STATUS_OK, r.status());
        assertEquals("{\"worker\":\"w1\"}", r.metadata());
        assertArrayEquals(payload, r.payload());
        TestWorker.Received got = w.received.get(0);
        assertEquals(MODEL, got.model());
        assertEquals(deadline, got.deadline());
        assertEquals("{\"format\":\"rgb24\"}", got.metadata());
        assertEquals(RiverProtocol.JOB_ID_BYTES, got.jobId().length);
    }

    @Test
    void requestsGoOnlyToWorkersServingTheirModel() {
        startBroker();
        TestWorker yolo = worker("yolo", 4, 0, false, "yolo");
        TestWorker both = worker("both", 1, 0, false, "yolo", MODEL);
        awaitWorkers(2);
        TestClient client = client();
        for (int i = 0; i < 6; i++) {
            client.request("f" + i, MODEL, inSeconds(30));
        }
        for (int i = 0; i < 6; i++) {
            TestClient.Reply r = client.reply();
            assertEquals(RiverProtocol.STATUS_OK, r.status());
            assertEquals("both", workerOf(r));
        }
        assertEquals(0, yolo.received.size());
        assertEquals(6, both.received.size());
    }
}
