package dev.river.component.zeromq;

import java.util.List;

import dev.river.component.zeromq.protocol.RiverProtocol;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker's socket is an entry point too: oversize and malformed messages from its peer get a BAD_REQUEST or are
 * dropped and counted, a frame above maxMessageSize makes ZeroMQ drop the connection, and the worker keeps serving.
 */
class WorkerMessageLimitsTest extends ZeroMQTestSupport {

    private static final long WAIT = 5000;
    private static final int LIMIT = 4096;

    private final FakeBroker broker = new FakeBroker(port);

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("zeromq:" + address() + "?protocol=worker&workerName=w1&models=echo&maxMessageSize=" + LIMIT
                     + "&heartbeatInterval=100&heartbeatLiveness=60000&reconnectInterval=50")
                        .process(e -> e.getMessage().setBody("echo:" + e.getIn().getBody(String.class)));
            }
        };
    }

    @Override
    protected void doPostTearDown() throws Exception {
        broker.close();
    }

    private ZeroMQEndpoint endpoint() {
        return (ZeroMQEndpoint) context.getRoutes().get(0).getEndpoint();
    }

    private byte[] awaitReady() {
        List<byte[]> ready = broker.receiveCommand(RiverProtocol.READY, WAIT);
        assertNotNull(ready, "no READY from the worker");
        return ready.get(0);
    }

    private List<byte[]> awaitReply() {
        List<byte[]> reply = broker.receiveCommand(RiverProtocol.REPLY, WAIT);
        assertNotNull(reply, "no REPLY from the worker");
        return reply;
    }

    private static long future() {
        return System.currentTimeMillis() + 60_000;
    }

    @Test
    void requestWhoseFramesAddUpAboveTheLimitIsAnsweredBadRequest() {
        byte[] worker = awaitReady();
        // every frame below the limit, together above it
        String metadata = "{\"pad\":\"" + "x".repeat(LIMIT / 2) + "\"}";
        broker.sendRequest(worker, 7, "echo", future(), metadata, new byte[LIMIT / 2 + 100]);
        List<byte[]> bad = awaitReply();
        assertEquals(RiverProtocol.STATUS_BAD_REQUEST, text(bad.get(5)));
        assertTrue(text(bad.get(6)).contains("exceeds maxMessageSize=" + LIMIT), text(bad.get(6)));
        assertEquals(1, endpoint().getMalformedMessages());

        broker.sendRequest(worker, 8, "echo", future(), "{}", bytes("small"));
        assertEquals("echo:small", text(awaitReply().get(7)));
    }

    @Test
    void messageWithThousandsOfFramesIsDroppedAndCounted() {
        byte[] worker = awaitReady();
        byte[][] many = new byte[5000][];
        many[0] = RiverProtocol.EMPTY;
        many[1] = RiverProtocol.WORKER_BYTES;
        many[2] = bytes("REQUEST");
        for (int i = 3; i < many.length; i++) {
            many[i] = bytes("f");
        }
        broker.send(worker, many);
        broker.send(worker, RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, bytes("HEARTBEAT"), bytes("extra"));
        broker.sendRequest(worker, 9, "echo", future(), "{}", bytes("after"));
        // more frames than a REQUEST can have: dropped unread, like the HEARTBEAT with an extra frame
        List<byte[]> replies = awaitReply();
        assertEquals("echo:after", text(replies.get(7)));
        assertEquals(2, endpoint().getMalformedMessages());
    }

    @Test
    void frameAboveTheLimitMakesZeroMqDropTheConnectionAndTheWorkerComesBack() throws Exception {
        int otherPort = freePort();
        try (FakeBroker other = new FakeBroker(otherPort)) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("zeromq:tcp://127.0.0.1:" + otherPort + "?protocol=worker&workerName=w2&models=echo"
                         + "&maxMessageSize=" + LIMIT + "&heartbeatInterval=100&heartbeatLiveness=1000"
                         + "&reconnectInterval=50").routeId("short-liveness")
                            .process(e -> e.getMessage().setBody("echo:" + e.getIn().getBody(String.class)));
                }
            });
            List<byte[]> ready = other.receiveCommand(RiverProtocol.READY, WAIT);
            assertNotNull(ready, "no READY");
            byte[] worker = ready.get(0);
            other.sendRequest(worker, 10, "echo", future(), "{}", new byte[LIMIT * 4]);
            // ZeroMQ ends the connection before the frame is buffered (a protocol error: the DEALER does not
            // reconnect by itself); the worker hears nothing more, and after heartbeatLiveness opens a new socket
            // and says READY again
            List<byte[]> again = other.receiveCommand(RiverProtocol.READY, WAIT);
            assertNotNull(again, "the worker did not come back");
            other.sendRequest(again.get(0), 11, "echo", future(), "{}", bytes("still serving"));
            List<byte[]> reply = other.receiveCommand(RiverProtocol.REPLY, WAIT);
            assertNotNull(reply, "no REPLY after the reconnect");
            assertEquals("echo:still serving", text(reply.get(7)));
            ZeroMQEndpoint w2 = (ZeroMQEndpoint) context.getRoute("short-liveness").getEndpoint();
            assertEquals(1, w2.getReconnects());
            assertEquals(0, w2.getErrors());
        }
    }
}
