package dev.river.proxy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.river.component.zeromq.protocol.RiverProtocol;

import static dev.river.component.zeromq.protocol.RiverProtocol.CLIENT_BYTES;
import static dev.river.component.zeromq.protocol.RiverProtocol.EMPTY;
import static dev.river.component.zeromq.protocol.RiverProtocol.WORKER_BYTES;
import static dev.river.component.zeromq.protocol.RiverProtocol.ascii;
import static dev.river.component.zeromq.protocol.RiverProtocol.encodeDeadline;
import static dev.river.proxy.TestClient.text;
import static dev.river.proxy.TestClient.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Malformed input" of docs/protocol.md: answered BAD_REQUEST when a request id is readable, otherwise dropped;
 * always counted; the broker keeps serving.
 */
class MalformedInputTest extends BrokerTestSupport {

    private static final byte[] REQUEST = ascii(RiverProtocol.REQUEST);

    private TestClient startWithWorker() {
        startBroker(settings().maxMessageSize(64 * 1024));
        worker("w", 1, 0);
        awaitWorkers(1);
        return client();
    }

    private void assertBadRequest(TestClient client, String requestId) {
        TestClient.Reply r = client.reply();
        assertEquals(requestId, r.requestId());
        assertEquals(RiverProtocol.STATUS_BAD_REQUEST, r.status());
        assertTrue(r.metadata().startsWith("{\"error\":"), r.metadata());
        assertEquals(0, r.payload().length);
    }

    /** Nothing was sent back for what came before: the next message on this connection is the PONG. */
    private void assertDroppedAndStillServing(TestClient client, long malformedBefore) {
        awaitCounter("malformed", malformedBefore + 1);
        client.ping();
        client.request("ok", MODEL, inSeconds(30));
        assertEquals(RiverProtocol.STATUS_OK, client.reply().status());
    }

    @Test
    void aRequestWithTheWrongFrameCountIsAnsweredBadRequest() {
        TestClient client = startWithWorker();
        client.send(CLIENT_BYTES, REQUEST, utf8("short"), utf8(MODEL), encodeDeadline(inSeconds(30)));
        assertBadRequest(client, "short");
        client.send(CLIENT_BYTES, REQUEST, utf8("long"), utf8(MODEL), encodeDeadline(inSeconds(30)), utf8("{}"),
                utf8("p"), utf8("extra"));
        assertBadRequest(client, "long");
        assertEquals(2, counter("malformed"));
        assertEquals(2, counter("badRequest"));
        client.request("ok", MODEL, inSeconds(30));
        assertEquals(RiverProtocol.STATUS_OK, client.reply().status());
    }

    @Test
    void aRequestWithABadDeadlineOrModelFrameIsAnsweredBadRequest() {
        TestClient client = startWithWorker();
        client.send(CLIENT_BYTES, REQUEST, utf8("d4"), utf8(MODEL), new byte[4], utf8("{}"), utf8("p"));
        assertBadRequest(client, "d4");
        client.send(CLIENT_BYTES, REQUEST, utf8("m0"), EMPTY, encodeDeadline(inSeconds(30)), utf8("{}"), utf8("p"));
        assertBadRequest(client, "m0");
        client.send(CLIENT_BYTES, REQUEST, utf8("neg"), utf8(MODEL), encodeDeadline(-5), utf8("{}"), utf8("p"));
        assertBadRequest(client, "neg");
    }

    @Test
    void anOversizeRequestIsAnsweredBadRequest() {
        TestClient client = startWithWorker();
        client.request("big", MODEL, inSeconds(30), "{}", new byte[64 * 1024 + 1]);
        assertBadRequest(client, "big");
        client.request("fits", MODEL, inSeconds(30), "{}", new byte[60 * 1024]);
        assertEquals(RiverProtocol.STATUS_OK, client.reply().status());
    }

    @Test
    void anUnknownClientCommandIsDroppedAndCounted() {
        TestClient client = startWithWorker();
        client.send(CLIENT_BYTES, ascii("FROBNICATE"), utf8("x"));
        assertDroppedAndStillServing(client, 0);
    }

    @Test
    void garbageIsDroppedAndCounted() {
        TestClient client = startWithWorker();
        client.sendRaw(new byte[] {(byte) 0xff, 0x00, 0x13, 0x37});
        assertDroppedAndStillServing(client, 0);
    }

    @Test
    void aWrongProtocolIdIsDroppedAndCounted() {
        TestClient client = startWithWorker();
        client.send(ascii("RIVER9C"), REQUEST, utf8("r"), utf8(MODEL), encodeDeadline(inSeconds(30)), utf8("{}"),
                utf8("p"));
        assertDroppedAndStillServing(client, 0);
    }

    @Test
    void aRequestWithoutARequestIdIsDroppedAndCounted() {
        TestClient client = startWithWorker();
        client.send(CLIENT_BYTES, REQUEST);
        assertDroppedAndStillServing(client, 0);
    }

    @Test
    void aHeartbeatFromAnUnknownWorkerIsAnsweredDisconnect() {
        startBroker();
        ZMQ.Socket stranger = zmq.createSocket(SocketType.DEALER);
        stranger.setHandshakeIvl(1000);
        stranger.connect(broker.getBackendEndpoint());
        stranger.send(EMPTY, ZMQ.SNDMORE);
        stranger.send(WORKER_BYTES, ZMQ.SNDMORE);
        stranger.send(ascii(RiverProtocol.HEARTBEAT));
        stranger.setReceiveTimeOut(10_000);
        List<String> got = new java.util.ArrayList<>();
        got.add(text(stranger.recv(0)));
        while (stranger.hasReceiveMore()) {
            got.add(text(stranger.recv(0)));
        }
        assertEquals(List.of("", RiverProtocol.WORKER, RiverProtocol.DISCONNECT), got);
        assertEquals(1, counter("disconnectsSent"));
        assertEquals(0, stats().path("workers").size());
    }

    @Test
    void aReadyWithBadSlotsOrModelsIsDroppedAndTheWorkerNotRegistered() {
        startBroker();
        ZMQ.Socket bad = zmq.createSocket(SocketType.DEALER);
        bad.setHandshakeIvl(1000);
        bad.connect(broker.getBackendEndpoint());
        for (String[] ready : new String[][] {{"-1", MODEL}, {"abc", MODEL}, {"1025", MODEL}, {"1", ""},
            {"1", "a,,b"}}) {
            bad.send(EMPTY, ZMQ.SNDMORE);
            bad.send(WORKER_BYTES, ZMQ.SNDMORE);
            bad.send(ascii(RiverProtocol.READY), ZMQ.SNDMORE);
            bad.send(utf8("bad"), ZMQ.SNDMORE);
            bad.send(utf8(ready[0]), ZMQ.SNDMORE);
            bad.send(utf8(ready[1]));
        }
        awaitCounter("malformed", 5);
        assertEquals(0, stats().path("workers").size());
        worker("good", 1, 0);
        awaitWorkers(1);
        TestClient client = client();
        client.request("ok", MODEL, inSeconds(30));
        assertEquals(RiverProtocol.STATUS_OK, client.reply().status());
    }

    @Test
    void aMalformedWorkerReplyIsAnsweredErrorToTheClientAndTheSlotFreed() {
        // this raw worker never heartbeats: a long liveness keeps it registered however slow the machine is
        startBroker(settings().heartbeatLivenessMs(60_000));
        ZMQ.Socket raw = zmq.createSocket(SocketType.DEALER);
        raw.setHandshakeIvl(1000);
        raw.connect(broker.getBackendEndpoint());
        raw.send(EMPTY, ZMQ.SNDMORE);
        raw.send(WORKER_BYTES, ZMQ.SNDMORE);
        raw.send(ascii(RiverProtocol.READY), ZMQ.SNDMORE);
        raw.send(utf8("raw"), ZMQ.SNDMORE);
        raw.send(utf8("1"), ZMQ.SNDMORE);
        raw.send(utf8(MODEL));
        awaitWorkers(1);
        TestClient client = client();
        client.request("r", MODEL, inSeconds(30));
        raw.setReceiveTimeOut(10_000);
        List<byte[]> req = new java.util.ArrayList<>();
        do { // skip the broker's HEARTBEATs (every 100 ms here) until the REQUEST
            req.clear();
            req.add(raw.recv(0));
            while (raw.hasReceiveMore()) {
                req.add(raw.recv(0));
            }
        } while (req.size() == 3 && RiverProtocol.HEARTBEAT.equals(new String(req.get(2), java.nio.charset.StandardCharsets.US_ASCII)));
        assertEquals(RiverProtocol.WORKER_REQUEST_FRAMES, req.size());
        raw.send(EMPTY, ZMQ.SNDMORE);
        raw.send(WORKER_BYTES, ZMQ.SNDMORE);
        raw.send(ascii(RiverProtocol.REPLY), ZMQ.SNDMORE);
        raw.send(req.get(3), ZMQ.SNDMORE);
        raw.send(ascii("OK")); // metadata and payload missing
        TestClient.Reply r = client.reply();
        assertEquals(RiverProtocol.STATUS_ERROR, r.status());
        assertEquals(0, stats().path("busySlots").asInt());
        assertEquals(1, counter("malformed"));
    }
}
