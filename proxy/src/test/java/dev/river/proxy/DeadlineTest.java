package dev.river.proxy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.river.component.zeromq.protocol.RiverProtocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dispatch rules 2 and 3 of docs/protocol.md: earliest deadline first, expired requests never reach a worker. */
class DeadlineTest extends BrokerTestSupport {

    @Test
    void aRequestWhoseDeadlineHasPassedNeverReachesAWorkerAndIsAnsweredExpired() {
        startBroker();
        TestWorker w = worker("w", 1, 0);
        awaitWorkers(1);
        TestClient client = client();
        client.request("late", MODEL, System.currentTimeMillis() - 1000);
        TestClient.Reply r = client.reply();
        assertEquals("late", r.requestId());
        assertEquals(RiverProtocol.STATUS_EXPIRED, r.status());
        client.request("fine", MODEL, inSeconds(30));
        assertEquals(RiverProtocol.STATUS_OK, client.reply().status());
        assertEquals(List.of("payload-fine"), w.received.stream().map(TestWorker.Received::payloadText).toList());
    }

    @Test
    void aQueuedRequestThatExpiresWhileWaitingIsAnsweredExpiredAndNeverDispatched() {
        startBroker();
        TestWorker w = holdingWorker("w", 1);
        awaitWorkers(1);
        TestClient client = client();
        client.request("busy", MODEL, inSeconds(30));
        await("slot taken", () -> w.received.size() == 1);
        client.request("short", MODEL, System.currentTimeMillis() + 150);
        TestClient.Reply r = client.reply();
        assertEquals("short", r.requestId());
        assertEquals(RiverProtocol.STATUS_EXPIRED, r.status());
        w.release();
        assertEquals("busy", client.reply().requestId());
        assertEquals(1, w.received.size());
        assertEquals(1, counter("expired"));
    }

    @Test
    void queuedRequestsGetAFreedSlotEarliestDeadlineFirst() {
        startBroker();
        TestWorker w = holdingWorker("w", 1);
        awaitWorkers(1);
        TestClient client = client();
        client.request("first", MODEL, inSeconds(60));
        await("slot taken", () -> w.received.size() == 1);
        client.request("d40", MODEL, inSeconds(40));
        client.request("d20", MODEL, inSeconds(20));
        client.request("d30", MODEL, inSeconds(30));
        client.request("d20b", MODEL, inSeconds(20));
        await("4 queued", () -> stats().path("queued").asInt() == 4);
        w.release();
        for (int i = 0; i < 5; i++) {
            assertEquals(RiverProtocol.STATUS_OK, client.reply().status());
        }
        assertEquals(List.of("payload-first", "payload-d20", "payload-d20b", "payload-d30", "payload-d40"),
                w.received.stream().map(TestWorker.Received::payloadText).toList());
    }

    @Test
    void deadlineZeroGetsTheBrokersDefaultTimeout() {
        startBroker(settings().defaultTimeoutMs(7000));
        TestWorker w = worker("w", 1, 0);
        awaitWorkers(1);
        TestClient client = client();
        long before = System.currentTimeMillis();
        client.request("r", MODEL, 0);
        assertEquals(RiverProtocol.STATUS_OK, client.reply().status());
        long after = System.currentTimeMillis();
        long deadline = w.received.get(0).deadline();
        assertTrue(deadline >= before + 7000 && deadline <= after + 7000, "deadline " + deadline);
    }

    @Test
    void aRequestForAModelNoWorkerServesIsAnsweredNoWorkerAtItsDeadline() {
        startBroker();
        worker("w", 1, 0);
        awaitWorkers(1);
        TestClient client = client();
        client.request("r", "no-such-model", System.currentTimeMillis() + 100);
        TestClient.Reply r = client.reply();
        assertEquals(RiverProtocol.STATUS_NO_WORKER, r.status());
        assertTrue(r.metadata().contains("no-such-model"), r.metadata());
        assertEquals(1, counter("noWorker"));
    }

    @Test
    void aRequestWaitingForAModelIsServedByAWorkerThatJoinsBeforeItsDeadline() {
        startBroker();
        TestClient client = client();
        client.request("r", MODEL, inSeconds(30));
        await("queued", () -> stats().path("queued").asInt() == 1);
        worker("late-joiner", 1, 0);
        TestClient.Reply r = client.reply();
        assertEquals(RiverProtocol.STATUS_OK, r.status());
        assertEquals("late-joiner", workerOf(r));
    }
}
