package dev.river.proxy;

import java.util.Arrays;

import dev.river.component.zeromq.protocol.RiverProtocol;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both transports (river.proxy.transport) with real JeroMQ 0.6.0 DEALER clients and workers: many 307,200-byte
 * requests in flight echoed intact, and peers that reconnect by themselves after the broker restarts on the same
 * ports; the setting itself is validated by name.
 */
class TransportInteropTest extends BrokerTestSupport {

    @ParameterizedTest
    @EnumSource(BrokerSettings.Transport.class)
    void largeRequestsInFlightComeBackIntact(BrokerSettings.Transport transport) {
        startBroker(settings().transport(transport));
        worker("w1", 8, 0);
        worker("w2", 8, 0);
        awaitWorkers(2);
        TestClient client = client();
        int n = 64;
        for (int i = 0; i < n; i++) {
            byte[] payload = new byte[307_200];
            Arrays.fill(payload, (byte) i);
            client.request("r" + i, MODEL, inSeconds(30), "{}", payload);
        }
        for (int i = 0; i < n; i++) {
            TestClient.Reply r = client.reply();
            assertEquals(RiverProtocol.STATUS_OK, r.status());
            int index = Integer.parseInt(r.requestId().substring(1));
            byte[] expected = new byte[307_200];
            Arrays.fill(expected, (byte) index);
            assertArrayEquals(expected, r.payload(), "payload of " + r.requestId());
        }
        assertEquals(n, counter("replies"));
        assertEquals(0, counter("malformed"));
    }

    @ParameterizedTest
    @EnumSource(BrokerSettings.Transport.class)
    void jeromqPeersReconnectByThemselvesWhenTheBrokerRestarts(BrokerSettings.Transport transport) {
        startBroker(settings().transport(transport));
        String frontend = broker.getFrontendEndpoint();
        String backend = broker.getBackendEndpoint();
        TestWorker w = worker("w", 1, 0);
        awaitWorkers(1);
        TestClient client = client();
        client.request("before", MODEL, inSeconds(30));
        assertEquals(RiverProtocol.STATUS_OK, client.reply().status());

        broker.stop();
        startBroker(settings().transport(transport).frontend(frontend).backend(backend));

        awaitWorkers(1);
        assertTrue(w.readySent.get() >= 2, "the worker re-registered");
        client.request("after", MODEL, inSeconds(30));
        TestClient.Reply r = client.reply();
        assertEquals("after", r.requestId());
        assertEquals(RiverProtocol.STATUS_OK, r.status());
        assertEquals("w", workerOf(r), "answered by the same worker process, re-registered");
    }

    @Test
    void repliesToAClientThatStoppedReadingAreDroppedAndCountedOnceItsQueueIsFull() throws Exception {
        // the client sends 1 MiB requests and never reads: the echoed replies fill the kernel's buffers, then the
        // broker's outbound queue for that client (64 MiB); from there each further reply is dropped and counted
        startBroker(settings().transport(BrokerSettings.Transport.NIO));
        worker("echo", 4, 0);
        awaitWorkers(1);
        byte[] payload = new byte[1 << 20];
        int requests = 100;
        try (RawZmtpPeer stalled = new RawZmtpPeer(broker.getFrontendEndpoint())) {
            stalled.handshake(null);
            for (int i = 0; i < requests; i++) {
                stalled.write(RawZmtpPeer.message(new byte[0], RiverProtocol.CLIENT_BYTES,
                        RiverProtocol.ascii(RiverProtocol.REQUEST), TestClient.utf8("r" + i), TestClient.utf8(MODEL),
                        RiverProtocol.encodeDeadline(inSeconds(60)), TestClient.utf8("{}"), payload));
            }
            awaitCounter("replies", requests);
            long undelivered = counter("undelivered");
            assertTrue(undelivered >= 1 && undelivered < requests, "some replies dropped, not all: " + undelivered);
        }
        TestClient reading = client();
        reading.request("after", MODEL, inSeconds(30));
        assertEquals(RiverProtocol.STATUS_OK, reading.reply().status(), "the broker still serves");
    }

    @Test
    void aLargeRequestQueuedThenRedispatchedAfterItsWorkerDiedArrivesIntact() {
        // the NIO transport keeps a large body in pooled memory while the request waits and while it is in flight
        startBroker(settings().transport(BrokerSettings.Transport.NIO));
        TestWorker doomed = holdingWorker("doomed", 1);
        awaitWorkers(1);
        TestClient client = client();
        byte[][] payloads = new byte[3][];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = new byte[307_200 + i];
            Arrays.fill(payloads[i], (byte) (i + 1));
            client.request("r" + i, MODEL, inSeconds(30), "{\"i\":" + i + "}", payloads[i]);
        }
        await("one in flight, two queued", () -> doomed.received.size() == 1 && stats().path("queued").asInt() == 2);
        assertArrayEquals(payloads[0], doomed.received.get(0).payload());
        doomed.kill();
        worker("survivor", 1, 0);
        for (int i = 0; i < payloads.length; i++) {
            TestClient.Reply r = client.reply();
            assertEquals(RiverProtocol.STATUS_OK, r.status());
            assertEquals("survivor", workerOf(r));
            int index = Integer.parseInt(r.requestId().substring(1));
            assertArrayEquals(payloads[index], r.payload(), "payload of " + r.requestId());
        }
        assertEquals(1, counter("redispatched"));
    }

    @Test
    void theTransportSettingIsValidatedByName() {
        assertEquals(BrokerSettings.Transport.NIO,
                BrokerSettings.fromLookup(k -> BrokerSettings.TRANSPORT.equals(k) ? "nio" : null).transport());
        assertEquals(BrokerSettings.Transport.JEROMQ,
                BrokerSettings.fromLookup(k -> BrokerSettings.TRANSPORT.equals(k) ? "jeromq" : null).transport());
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> BrokerSettings.fromLookup(k -> BrokerSettings.TRANSPORT.equals(k) ? "netty" : null));
        assertEquals(BrokerSettings.TRANSPORT, e.getSetting());
        assertEquals("invalid setting river.proxy.transport='netty': must be nio or jeromq", e.getMessage());
    }
}
