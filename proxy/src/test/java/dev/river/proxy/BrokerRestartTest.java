package dev.river.proxy;

import org.junit.jupiter.api.Test;

import dev.river.component.zeromq.protocol.RiverProtocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A broker restarted on the same addresses: workers following the reconnect rule and DEALER clients recover. */
class BrokerRestartTest extends BrokerTestSupport {

    @Test
    void aWorkerAndAClientRecoverWhenTheBrokerIsRestartedOnTheSamePorts() {
        startBroker();
        String frontend = broker.getFrontendEndpoint();
        String backend = broker.getBackendEndpoint();
        TestWorker w = worker("w", 1, 0);
        awaitWorkers(1);
        TestClient client = client();
        client.request("before", MODEL, inSeconds(30));
        assertEquals(RiverProtocol.STATUS_OK, client.reply().status());

        broker.stop();
        startBroker(settings().frontend(frontend).backend(backend));

        // the DEALER reconnects by itself; the worker gets DISCONNECT (or misses heartbeats) and sends READY again
        awaitWorkers(1);
        assertTrue(w.readySent.get() >= 2, "the worker re-registered");
        client.request("after", MODEL, inSeconds(30));
        TestClient.Reply r = client.reply();
        assertEquals("after", r.requestId());
        assertEquals(RiverProtocol.STATUS_OK, r.status());
        assertEquals("w", workerOf(r));
    }
}
