package dev.river.proxy;

import java.util.HashMap;
import java.util.Map;

import dev.river.component.zeromq.protocol.RiverProtocol;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Graceful shutdown on both ends of the backend (docs/protocol.md, Shutdown): a worker that announces 0 slots gets no
 * new work and leaves without WORKER_LOST; a stopping broker answers its queue at once, still forwards replies of
 * requests in flight, and never drops a request silently.
 */
class GracefulShutdownTest extends BrokerTestSupport {

    private static byte[] ascii(String s) {
        return RiverProtocol.ascii(s);
    }

    @Test
    void workerAnnouncingZeroSlotsGetsNoNewWorkAndLeavesWithoutWorkerLost() {
        startBroker();
        TestWorker w = holdingWorker("w1", 2);
        awaitWorkers(1);
        TestClient c = client();
        c.request("r1", MODEL, inSeconds(30));
        await("r1 at the worker", () -> w.received.size() == 1);

        w.sendRaw(RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, ascii(RiverProtocol.READY), ascii("w1"), ascii("0"),
                ascii(MODEL));
        awaitCounter("workersDraining", 1);
        c.request("r2", MODEL, System.currentTimeMillis() + 1500);
        await("r2 queued", () -> stats().path("queued").asInt() == 1);
        assertEquals(1, w.received.size(), "a draining worker gets no new request");

        w.release();
        TestClient.Reply first = c.reply();
        assertEquals("r1", first.requestId());
        assertEquals(RiverProtocol.STATUS_OK, first.status());
        w.disconnect();
        awaitWorkers(0);
        // r2 had no worker left: answered at its deadline, never lost
        TestClient.Reply second = c.reply();
        assertEquals("r2", second.requestId());
        assertEquals(RiverProtocol.STATUS_NO_WORKER, second.status());
        assertEquals(0, counter("workerLost"));
        assertEquals(0, counter("redispatched"));
    }

    @Test
    void stoppingBrokerAnswersItsQueueAndStillForwardsRepliesInFlight() throws Exception {
        startBroker(settings().shutdownGraceMs(10_000));
        TestWorker w = holdingWorker("w1", 1);
        awaitWorkers(1);
        TestClient c = client();
        for (int i = 1; i <= 4; i++) {
            c.request("r" + i, MODEL, inSeconds(30));
        }
        await("r1 at the worker, 3 queued", () -> w.received.size() == 1 && stats().path("queued").asInt() == 3);

        Thread stopper = new Thread(broker::stop, "broker-stopper");
        stopper.start();
        Map<String, String> statuses = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            TestClient.Reply r = c.reply();
            statuses.put(r.requestId(), r.status());
        }
        assertEquals(Map.of("r2", "SHUTTING_DOWN", "r3", "SHUTTING_DOWN", "r4", "SHUTTING_DOWN"), statuses);
        // the request in flight is still answered by its worker during the grace time
        w.release();
        TestClient.Reply r1 = c.reply();
        assertEquals("r1", r1.requestId());
        assertEquals(RiverProtocol.STATUS_OK, r1.status());
        stopper.join(15_000);
        await("DISCONNECT told to the worker", () -> w.disconnectsReceived.get() >= 1);
        assertEquals(3, broker.getCounters().get(Counter.SHUTTING_DOWN));
        assertEquals(1, broker.getCounters().get(Counter.REPLIES));
    }

    @Test
    void requestsStillInFlightAfterTheGraceTimeAreAnsweredShuttingDown() throws Exception {
        startBroker(settings().shutdownGraceMs(200));
        TestWorker w = holdingWorker("w1", 2);
        awaitWorkers(1);
        TestClient c = client();
        c.request("r1", MODEL, inSeconds(30));
        c.request("r2", MODEL, inSeconds(30));
        await("both at the worker", () -> w.received.size() == 2);
        broker.stop();
        assertEquals(RiverProtocol.STATUS_SHUTTING_DOWN, c.reply().status());
        assertEquals(RiverProtocol.STATUS_SHUTTING_DOWN, c.reply().status());
        assertEquals(2, broker.getCounters().get(Counter.SHUTTING_DOWN));
    }
}
