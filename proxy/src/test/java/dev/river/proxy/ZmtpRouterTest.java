package dev.river.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import dev.river.component.zeromq.protocol.RiverProtocol;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NIO transport's side of ZMTP 3, checked byte by byte with a raw socket: the greeting and READY it sends,
 * PING answered PONG with the context, messages in short and long frames, several messages in one write, and
 * routing by the peer's Identity (a second peer with the same Identity takes over).
 */
class ZmtpRouterTest extends BrokerTestSupport {

    @BeforeEach
    void startNioBroker() {
        startBroker(settings().transport(BrokerSettings.Transport.NIO));
    }

    @Test
    void theBrokerGreetsWithZmtp3NullAndAnnouncesARouter() throws IOException {
        try (RawZmtpPeer peer = new RawZmtpPeer(broker.getFrontendEndpoint())) {
            peer.write(RawZmtpPeer.greeting(3, 1, "NULL"));
            byte[] g = peer.readGreeting();
            assertEquals(0xFF, g[0] & 0xFF);
            assertEquals(0x7F, g[9]);
            assertEquals(3, g[10]);
            assertEquals("NULL", new String(g, 12, 4, StandardCharsets.US_ASCII));
            assertEquals(0, g[16]);
            peer.write(RawZmtpPeer.ready("Socket-Type", "DEALER"));
            RawZmtpPeer.Frame ready = peer.readFrame();
            assertTrue(ready.command());
            assertEquals("READY", ready.commandName());
            String body = new String(ready.body(), StandardCharsets.US_ASCII);
            assertTrue(body.contains("Socket-Type") && body.contains("ROUTER"), body);
        }
    }

    @Test
    void aZmtpPingIsAnsweredPongWithItsContext() throws IOException {
        try (RawZmtpPeer peer = new RawZmtpPeer(broker.getFrontendEndpoint())) {
            peer.handshake(null);
            byte[] ping = {4, 'P', 'I', 'N', 'G', 0, 10, 'c', 't', 'x'};
            peer.write(RawZmtpPeer.command(ping));
            RawZmtpPeer.Frame pong = peer.readFrame();
            assertTrue(pong.command());
            assertEquals("PONG", pong.commandName());
            assertArrayEquals(new byte[] {'c', 't', 'x'}, Arrays.copyOfRange(pong.body(), 5, pong.body().length));
            // unknown commands are ignored; the connection still works
            peer.write(RawZmtpPeer.command(new byte[] {5, 'H', 'E', 'L', 'L', 'O'}));
            peer.write(RawZmtpPeer.message(RiverProtocol.EMPTY, RiverProtocol.CLIENT_BYTES,
                    RiverProtocol.ascii("PING")));
            List<byte[]> reply = peer.readMessage();
            assertEquals("PONG", new String(reply.get(2), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void requestsInLongFramesAndManyMessagesInOneWriteAreAllAnswered() throws IOException {
        worker("w1", 4, 0);
        awaitWorkers(1);
        try (RawZmtpPeer peer = new RawZmtpPeer(broker.getFrontendEndpoint())) {
            peer.handshake(null);
            byte[] deadline = ByteBuffer.allocate(8).putLong(inSeconds(30)).array();
            java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
            int n = 20;
            for (int i = 0; i < n; i++) {
                byte[] payload = new byte[i % 2 == 0 ? 100 : 307_200];
                payload[payload.length - 1] = (byte) i;
                batch.writeBytes(RawZmtpPeer.message(RiverProtocol.EMPTY, RiverProtocol.CLIENT_BYTES,
                        RiverProtocol.ascii("REQUEST"), RiverProtocol.ascii("r" + i), RiverProtocol.ascii(MODEL),
                        deadline, RiverProtocol.ascii("{}"), payload));
            }
            peer.write(batch.toByteArray());
            for (int i = 0; i < n; i++) {
                List<byte[]> reply = peer.readMessage();
                assertEquals("REPLY", new String(reply.get(2), StandardCharsets.US_ASCII));
                assertEquals("OK", new String(reply.get(4), StandardCharsets.US_ASCII));
            }
        }
        assertEquals(20, counter("replies"));
    }

    @Test
    void aSecondPeerWithTheSameIdentityTakesItOver() throws IOException {
        try (RawZmtpPeer first = new RawZmtpPeer(broker.getFrontendEndpoint());
                RawZmtpPeer second = new RawZmtpPeer(broker.getFrontendEndpoint())) {
            first.handshake("same");
            // handshake() returns once the broker's READY is in, which the broker sends before it has read ours:
            // a PONG proves it has taken the first peer's READY (and Identity) before the second one's
            first.write(RawZmtpPeer.message(RiverProtocol.EMPTY, RiverProtocol.CLIENT_BYTES,
                    RiverProtocol.ascii("PING")));
            assertEquals("PONG", new String(first.readMessage().get(2), StandardCharsets.US_ASCII));
            second.handshake("same");
            assertTrue(first.closedByBroker(), "the older connection is closed");
            second.write(RawZmtpPeer.message(RiverProtocol.EMPTY, RiverProtocol.CLIENT_BYTES,
                    RiverProtocol.ascii("PING")));
            assertEquals("PONG", new String(second.readMessage().get(2), StandardCharsets.US_ASCII));
        }
        assertEquals(0, counter("malformed"));
    }

}
