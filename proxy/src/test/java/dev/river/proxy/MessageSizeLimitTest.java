package dev.river.proxy;

import dev.river.component.zeromq.protocol.RiverProtocol;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * river.proxy.max-message-size on both ROUTERs: a frame far above it from a client or a worker makes ZeroMQ drop
 * that connection before the broker buffers it; a worker REPLY above it is answered ERROR to the client and counted;
 * the broker keeps serving everyone else.
 */
class MessageSizeLimitTest extends BrokerTestSupport {

    private static final int LIMIT = 64 * 1024;

    @Test
    void hugeFramesOnEitherSocketCostOnlyTheSendersConnection() {
        startBroker(settings().maxMessageSize(LIMIT));
        worker("w1", 1, 0);
        awaitWorkers(1);
        byte[] huge = new byte[3 * LIMIT + 65_536];
        for (String endpoint : new String[] {broker.getFrontendEndpoint(), broker.getBackendEndpoint()}) {
            ZMQ.Socket s = zmq.createSocket(SocketType.DEALER);
            s.setLinger(0);
            s.setHandshakeIvl(1000);
            s.connect(endpoint);
            s.send(RiverProtocol.EMPTY, ZMQ.SNDMORE);
            s.send(endpoint.equals(broker.getFrontendEndpoint()) ? RiverProtocol.CLIENT_BYTES
                    : RiverProtocol.WORKER_BYTES, ZMQ.SNDMORE);
            s.send(huge);
        }
        TestClient client = client();
        client.request("after", MODEL, inSeconds(30), "{}", new byte[1000]);
        assertEquals(RiverProtocol.STATUS_OK, client.reply().status());
        assertEquals(1, stats().path("workers").size());
        assertEquals(0, counter("requests") - 1, "the huge frames never became requests");
    }

    @Test
    void workerReplyAboveTheLimitIsAnsweredErrorAndCounted() {
        startBroker(settings().maxMessageSize(LIMIT));
        TestWorker w = holdingWorker("w1", 1);
        awaitWorkers(1);
        TestClient client = client();
        client.request("r1", MODEL, inSeconds(30));
        await("r1 at the worker", () -> w.received.size() == 1);
        byte[] jobId = w.received.get(0).jobId();
        w.sendRaw(RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, RiverProtocol.ascii("REPLY"), jobId,
                RiverProtocol.ascii("OK"), RiverProtocol.ascii("{}"), new byte[LIMIT + 1]);
        TestClient.Reply r = client.reply();
        assertEquals("r1", r.requestId());
        assertEquals(RiverProtocol.STATUS_ERROR, r.status());
        assertEquals(1, counter("malformed"));
        assertEquals(1, stats().path("workers").size());
    }
}
