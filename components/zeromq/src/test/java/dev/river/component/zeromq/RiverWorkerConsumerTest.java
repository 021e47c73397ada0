package dev.river.component.zeromq;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.river.component.zeromq.protocol.RiverProtocol;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker consumer against a hand-written ROUTER playing the broker, frame by frame as in docs/protocol.md.
 */
class RiverWorkerConsumerTest extends ZeroMQTestSupport {

    private static final long WAIT = 5000;

    private final FakeBroker broker = new FakeBroker(port);
    private final AtomicInteger routed = new AtomicInteger();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private final CountDownLatch gate = new CountDownLatch(1);

    protected String workerOptions() {
        return "&heartbeatInterval=100&heartbeatLiveness=60000&reconnectInterval=50";
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("zeromq:" + address() + "?protocol=worker&workerName=w1&models=echo,boom,gate&slots=2"
                     + workerOptions())
                        .process(e -> {
                            routed.incrementAndGet();
                            String model = e.getIn().getHeader(ZeroMQConstants.MODEL, String.class);
                            String body = e.getIn().getBody(String.class);
                            switch (model) {
                                case "boom" -> throw new IllegalStateException("boom \"" + body + "\"");
                                case "gate" -> {
                                    int now = concurrent.incrementAndGet();
                                    maxConcurrent.accumulateAndGet(now, Math::max);
                                    gate.await(WAIT, TimeUnit.MILLISECONDS);
                                    concurrent.decrementAndGet();
                                }
                                default -> {
                                }
                            }
                            e.getMessage().setBody("echo:" + body + ":"
                                                   + e.getIn().getHeader(ZeroMQConstants.METADATA, String.class));
                        });
            }
        };
    }

    @Override
    protected void doPostTearDown() throws Exception {
        broker.close();
    }

    private byte[] awaitReady() {
        List<byte[]> ready = broker.receiveCommand(RiverProtocol.READY, WAIT);
        assertNotNull(ready, "no READY from the worker");
        return ready.get(0);
    }

    private List<byte[]> awaitReply() {
        List<byte[]> reply = broker.receiveCommand(RiverProtocol.REPLY, WAIT);
        assertNotNull(reply, "no REPLY from the worker");
        assertEquals(8, reply.size(), "identity + 7 REPLY frames");
        return reply;
    }

    private static long future() {
        return System.currentTimeMillis() + 60_000;
    }

    @Test
    void readyAnnouncesWorkerNameSlotsAndModels() {
        List<byte[]> ready = broker.receiveCommand(RiverProtocol.READY, WAIT);
        assertNotNull(ready);
        assertEquals(7, ready.size(), "identity + 6 READY frames");
        assertEquals(0, ready.get(1).length);
        assertEquals(RiverProtocol.WORKER, text(ready.get(2)));
        assertEquals("w1", text(ready.get(4)));
        assertEquals("2", text(ready.get(5)));
        assertEquals(List.of("boom", "echo", "gate"), List.of(text(ready.get(6)).split(",")).stream().sorted().toList());
    }

    @Test
    void requestIsRoutedAndRepliedWithItsJobIdEchoed() {
        byte[] worker = awaitReady();
        broker.sendRequest(worker, 0x1122334455667788L, "echo", future(), "{\"format\":\"image\"}", bytes("hi"));

        List<byte[]> reply = awaitReply();
        assertArrayEquals(RiverProtocol.encodeDeadline(0x1122334455667788L), reply.get(4));
        assertEquals("OK", text(reply.get(5)));
        assertEquals("{\"worker\":\"w1\"}", text(reply.get(6)), "request metadata is not echoed back");
        assertEquals("echo:hi:{\"format\":\"image\"}", text(reply.get(7)));
    }

    @Test
    void neverMoreThanSlotsRequestsAreInFlight() throws Exception {
        byte[] worker = awaitReady();
        for (int i = 0; i < 6; i++) {
            broker.sendRequest(worker, i, "gate", future(), "{}", bytes("g" + i));
        }
        ZeroMQEndpoint endpoint = (ZeroMQEndpoint) context.getRoutes().get(0).getEndpoint();
        long until = System.currentTimeMillis() + WAIT;
        while ((concurrent.get() < 2 || endpoint.getMessagesReceived() < 6) && System.currentTimeMillis() < until) {
            Thread.sleep(5);
        }
        gate.countDown();
        for (int i = 0; i < 6; i++) {
            assertEquals("OK", text(awaitReply().get(5)));
        }
        assertEquals(2, maxConcurrent.get());
        assertEquals(6, routed.get());
    }

    @Test
    void expiredRequestIsAnsweredExpiredWithoutBeingRouted() {
        byte[] worker = awaitReady();
        broker.sendRequest(worker, 7, "echo", System.currentTimeMillis() - 1000, "{}", bytes("late"));

        List<byte[]> reply = awaitReply();
        assertEquals(RiverProtocol.STATUS_EXPIRED, text(reply.get(5)));
        assertTrue(text(reply.get(6)).contains("\"error\""));
        assertEquals(0, reply.get(7).length);
        assertEquals(0, routed.get());
    }

    @Test
    void exceptionInTheRouteIsAnsweredErrorAndTheWorkerKeepsServing() {
        byte[] worker = awaitReady();
        broker.sendRequest(worker, 1, "boom", future(), "{}", bytes("x"));
        List<byte[]> failed = awaitReply();
        assertEquals(RiverProtocol.STATUS_ERROR, text(failed.get(5)));
        assertEquals("{\"error\":\"boom \\\"x\\\"\",\"worker\":\"w1\"}", text(failed.get(6)));

        broker.sendRequest(worker, 2, "echo", future(), "", bytes("y"));
        List<byte[]> ok = awaitReply();
        assertArrayEquals(RiverProtocol.encodeDeadline(2), ok.get(4));
        assertEquals("OK", text(ok.get(5)));
    }

    @Test
    void unknownModelIsAnsweredUnknownModel() {
        byte[] worker = awaitReady();
        broker.sendRequest(worker, 3, "yolo", future(), "{}", bytes("x"));
        assertEquals(RiverProtocol.STATUS_UNKNOWN_MODEL, text(awaitReply().get(5)));
        assertEquals(0, routed.get());
    }

    @Test
    void garbageFromTheBrokerIsDroppedAndCounted() {
        byte[] worker = awaitReady();
        broker.send(worker, bytes("junk"));
        broker.send(worker, RiverProtocol.EMPTY, bytes("RIVER9"), bytes("REQUEST"));
        broker.send(worker, RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, bytes("NOPE"));
        broker.send(worker, RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, bytes("REQUEST"));
        // readable job id but a 3-byte deadline: BAD_REQUEST
        broker.send(worker, RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, bytes("REQUEST"),
                RiverProtocol.encodeDeadline(9), bytes("echo"), bytes("abc"), bytes("{}"), bytes("p"));
        List<byte[]> bad = awaitReply();
        assertArrayEquals(RiverProtocol.encodeDeadline(9), bad.get(4));
        assertEquals(RiverProtocol.STATUS_BAD_REQUEST, text(bad.get(5)));

        broker.sendRequest(worker, 10, "echo", future(), "{}", bytes("still alive"));
        List<byte[]> ok = awaitReply();
        assertEquals("OK", text(ok.get(5)));
        ZeroMQEndpoint endpoint = (ZeroMQEndpoint) context.getRoutes().get(0).getEndpoint();
        assertEquals(5, endpoint.getMalformedMessages());
        assertEquals(1, routed.get());
    }

    @Test
    void disconnectFromTheBrokerMakesTheWorkerSayReadyAgain() {
        byte[] worker = awaitReady();
        broker.sendCommand(worker, RiverProtocol.DISCONNECT);
        byte[] again = awaitReady();

        broker.sendRequest(again, 11, "echo", future(), "{}", bytes("after"));
        assertEquals("echo:after:{}", text(awaitReply().get(7)));
    }

    @Test
    void stoppingTheWorkerFinishesTheRequestInFlightBeforeSayingDisconnect() throws Exception {
        byte[] worker = awaitReady();
        broker.sendRequest(worker, 21, "gate", future(), "{}", bytes("last"));
        long until = System.currentTimeMillis() + WAIT;
        while (concurrent.get() == 0 && System.currentTimeMillis() < until) {
            Thread.sleep(5);
        }
        Thread stopper = new Thread(() -> {
            try {
                context.getRouteController().stopRoute(context.getRoutes().get(0).getRouteId());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stopper.start();
        // graceful stop: READY with 0 slots first; the broker acknowledges with a HEARTBEAT
        List<byte[]> drain = broker.receiveCommand(RiverProtocol.READY, WAIT);
        assertNotNull(drain, "READY with 0 slots when the stop begins");
        assertEquals("0", text(drain.get(5)));
        broker.sendCommand(worker, RiverProtocol.HEARTBEAT);
        gate.countDown();

        List<byte[]> reply = awaitReply();
        assertArrayEquals(RiverProtocol.encodeDeadline(21), reply.get(4));
        assertEquals("OK", text(reply.get(5)));
        assertNotNull(broker.receiveCommand(RiverProtocol.DISCONNECT, WAIT), "DISCONNECT after the last REPLY");
        stopper.join(WAIT);
    }

    @Test
    void stoppingTheWorkerSaysDisconnect() throws Exception {
        byte[] worker = awaitReady();
        Thread stopper = new Thread(() -> {
            try {
                context.getRouteController().stopRoute(context.getRoutes().get(0).getRouteId());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stopper.start();
        List<byte[]> drain = broker.receiveCommand(RiverProtocol.READY, WAIT);
        assertNotNull(drain, "READY with 0 slots when the stop begins");
        assertEquals("0", text(drain.get(5)));
        broker.sendCommand(worker, RiverProtocol.HEARTBEAT);
        assertNotNull(broker.receiveCommand(RiverProtocol.DISCONNECT, WAIT));
        stopper.join(WAIT);
    }
}
