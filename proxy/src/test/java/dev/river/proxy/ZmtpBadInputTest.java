package dev.river.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.river.component.zeromq.protocol.RiverProtocol;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NIO transport against raw bytes over a plain socket: every kind of bad ZMTP input (garbage, wrong signature,
 * another version or mechanism, truncated or oversize frames, a handshake never finished) closes that one
 * connection and counts as malformed on its side, and the broker keeps serving a real client and worker. A
 * connection that sends nothing at all is closed after the handshake timeout without being counted.
 */
class ZmtpBadInputTest extends BrokerTestSupport {

    private static final int LIMIT = 64 * 1024;

    @BeforeEach
    void startNioBroker() {
        startBroker(settings().transport(BrokerSettings.Transport.NIO).maxMessageSize(LIMIT));
        worker("w1", 1, 0);
        awaitWorkers(1);
    }

    @Test
    void anHttpRequestOnTheClientPortIsDroppedAndCountedAsAClientError() throws IOException {
        assertDroppedAndCounted(broker.getFrontendEndpoint(), true,
                "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aGreetingWithTheWrongSignatureIsDropped() throws IOException {
        byte[] g = RawZmtpPeer.greeting(3, 0, "NULL");
        g[9] = 0x00;
        assertDroppedAndCounted(broker.getBackendEndpoint(), false, g);
    }

    @Test
    void zmtp2PeersAreDropped() throws IOException {
        assertDroppedAndCounted(broker.getFrontendEndpoint(), true, RawZmtpPeer.greeting(1, 0, "NULL"));
    }

    @Test
    void anUnknownMechanismIsDropped() throws IOException {
        assertDroppedAndCounted(broker.getBackendEndpoint(), false, RawZmtpPeer.greeting(3, 0, "PLAIN"));
    }

    @Test
    void aCurvePeerIsDroppedByTheNullOnlyTransport() throws IOException {
        assertDroppedAndCounted(broker.getFrontendEndpoint(), true, RawZmtpPeer.greeting(3, 1, "CURVE"));
    }

    @Test
    void aPubSocketCannotHandshakeWithTheRouter() throws IOException {
        assertDroppedAndCounted(broker.getFrontendEndpoint(), true,
                concat(RawZmtpPeer.greeting(3, 0, "NULL"), RawZmtpPeer.ready("Socket-Type", "PUB")));
    }

    @Test
    void dataBeforeReadyIsDropped() throws IOException {
        assertDroppedAndCounted(broker.getFrontendEndpoint(), true,
                concat(RawZmtpPeer.greeting(3, 0, "NULL"), RawZmtpPeer.frame(new byte[3], false)));
    }

    @Test
    void aFrameAnnouncedAboveTheLimitIsDroppedBeforeItsBodyArrives() throws IOException {
        byte[] header = ByteBuffer.allocate(9).put((byte) 0x02).putLong(10L * LIMIT).array();
        assertDroppedAfterHandshake(broker.getFrontendEndpoint(), true, header);
    }

    @Test
    void aNegativeLongFrameSizeIsDropped() throws IOException {
        byte[] header = ByteBuffer.allocate(9).put((byte) 0x02).putLong(-1L).array();
        assertDroppedAfterHandshake(broker.getBackendEndpoint(), false, header);
    }

    @Test
    void aMessageCutOffMidFrameIsCountedWhenThePeerCloses() throws IOException {
        long before = broker.getCounters().malformed(false);
        try (RawZmtpPeer peer = new RawZmtpPeer(broker.getBackendEndpoint())) {
            peer.handshake(null);
            byte[] frame = RawZmtpPeer.frame(new byte[1000], false);
            byte[] half = new byte[500];
            System.arraycopy(frame, 0, half, 0, half.length);
            peer.write(half);
        }
        await("the truncated message counted", () -> broker.getCounters().malformed(false) == before + 1);
        assertBrokerServes();
    }

    @Test
    void aPeerThatNeverFinishesTheHandshakeIsTimedOut() throws IOException {
        long before = broker.getCounters().malformed(false);
        try (RawZmtpPeer peer = new RawZmtpPeer(broker.getBackendEndpoint())) {
            peer.write(RawZmtpPeer.greeting(3, 0, "NULL")); // and no READY
            assertTrue(peer.closedByBroker(), "the broker closes a handshake that does not finish");
        }
        await("the handshake timeout counted", () -> broker.getCounters().malformed(false) == before + 1);
        assertBrokerServes();
    }

    @Test
    void aSilentConnectionIsClosedWithoutCountingIt() throws IOException {
        // nothing sent is no bad input: a port probe, or a JeroMQ peer whose fresh connection stalled (it reconnects)
        long before = broker.getCounters().malformed(true);
        try (RawZmtpPeer peer = new RawZmtpPeer(broker.getFrontendEndpoint())) {
            assertTrue(peer.closedByBroker(), "the broker closes a connection that says nothing");
        }
        assertBrokerServes();
        assertEquals(before, broker.getCounters().malformed(true));
    }

    private void assertDroppedAfterHandshake(String endpoint, boolean clientSide, byte[] bytes) throws IOException {
        long before = broker.getCounters().malformed(clientSide);
        try (RawZmtpPeer peer = new RawZmtpPeer(endpoint)) {
            peer.handshake(null);
            peer.write(bytes);
            assertTrue(peer.closedByBroker(), "the broker closes the connection");
        }
        await("malformed counted", () -> broker.getCounters().malformed(clientSide) == before + 1);
        assertBrokerServes();
    }

    private void assertDroppedAndCounted(String endpoint, boolean clientSide, byte[] bytes) throws IOException {
        long before = broker.getCounters().malformed(clientSide);
        try (RawZmtpPeer peer = new RawZmtpPeer(endpoint)) {
            peer.write(bytes);
            assertTrue(peer.closedByBroker(), "the broker closes the connection");
        }
        await("malformed counted", () -> broker.getCounters().malformed(clientSide) == before + 1);
        assertBrokerServes();
    }

    private void assertBrokerServes() {
        TestClient client = client();
        client.request("after", MODEL, inSeconds(30), "{}", new byte[100]);
        TestClient.Reply r = client.reply();
        assertEquals("after", r.requestId());
        assertEquals(RiverProtocol.STATUS_OK, r.status());
        assertEquals(1, stats().path("workers").size());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
