package dev.river.component.zeromq;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.river.component.zeromq.protocol.RiverProtocol;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The asynchronous RIVER/1 client producer against the broker-less client consumer (ROUTER) of the same component.
 */
class RiverClientProducerTest extends ZeroMQTestSupport {

    private final CountDownLatch gate = new CountDownLatch(1);

    private String clientUri() {
        return "zeromq:" + address() + "?protocol=client&model=echo";
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("zeromq:" + address() + "?protocol=client&workerName=direct&slots=8")
                        .process(e -> {
                            String model = e.getIn().getHeader(ZeroMQConstants.MODEL, String.class);
                            if ("boom".equals(model)) {
                                throw new IllegalStateException("kaput");
                            }
                            if ("gate".equals(model)) {
                                gate.await(10, TimeUnit.SECONDS);
                            }
                            e.getMessage().setBody("reply:" + e.getIn().getBody(String.class));
                        });
            }
        };
    }

    @Test
    void twoHundredConcurrentRequestsOnOneProducerAreAllAnsweredWithTheirOwnReply() throws Exception {
        Endpoint endpoint = context.getEndpoint(clientUri());
        AsyncProducer producer = endpoint.createAsyncProducer();
        producer.start();
        try {
            int n = 200;
            CountDownLatch done = new CountDownLatch(n);
            List<Exchange> exchanges = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Exchange exchange = endpoint.createExchange(ExchangePattern.InOut);
                exchange.getIn().setBody("req-" + i);
                exchanges.add(exchange);
                assertFalse(producer.process(exchange, doneSync -> done.countDown()), "must complete asynchronously");
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), "all replies arrive");
            for (int i = 0; i < n; i++) {
                Exchange exchange = exchanges.get(i);
                assertNull(exchange.getException());
                assertEquals("reply:req-" + i, exchange.getMessage().getBody(String.class));
                assertEquals("OK", exchange.getMessage().getHeader(ZeroMQConstants.STATUS));
                assertEquals("{\"worker\":\"direct\"}", exchange.getMessage().getHeader(ZeroMQConstants.METADATA));
                assertNotNull(exchange.getMessage().getHeader(ZeroMQConstants.REQUEST_ID));
            }
        } finally {
            producer.stop();
        }
    }

    @Test
    void theCallingThreadIsNotBlockedWhileTheReplyIsOutstanding() throws Exception {
        Endpoint endpoint = context.getEndpoint(clientUri());
        AsyncProducer producer = endpoint.createAsyncProducer();
        producer.start();
        try {
            Exchange exchange = endpoint.createExchange(ExchangePattern.InOut);
            exchange.getIn().setBody("held");
            exchange.getIn().setHeader(ZeroMQConstants.MODEL, "gate");
            CountDownLatch done = new CountDownLatch(1);
            assertFalse(producer.process(exchange, doneSync -> done.countDown()));
            assertEquals(1, done.getCount(), "process returned while the server still holds the request");
            gate.countDown();
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals("reply:held", exchange.getMessage().getBody(String.class));
        } finally {
            producer.stop();
        }
    }

    @Test
    void aRequestNobodyAnswersTimesOut() {
        String uri = "zeromq:tcp://127.0.0.1:" + freePort() + "?protocol=client&model=echo&requestTimeout=200";
        Exchange result = template.request(uri, e -> e.getIn().setBody("anyone?"));
        assertInstanceOf(ExchangeTimedOutException.class, result.getException());
        assertEquals(1, context.getEndpoint(uri, ZeroMQEndpoint.class).getTimeouts());
    }

    @Test
    void anErrorStatusBecomesAZeroMQStatusExceptionWithTheReason() {
        Exchange result = template.request(clientUri(), e -> {
            e.getIn().setBody("x");
            e.getIn().setHeader(ZeroMQConstants.MODEL, "boom");
        });
        ZeroMQStatusException failure = assertInstanceOf(ZeroMQStatusException.class, result.getException());
        assertEquals(RiverProtocol.STATUS_ERROR, failure.getStatus());
        assertEquals("kaput", failure.getReason());
        assertEquals(RiverProtocol.STATUS_ERROR, result.getMessage().getHeader(ZeroMQConstants.STATUS));
    }

    @Test
    void anErrorStatusOnlySetsHeadersWhenThrowOnErrorStatusIsOff() {
        Exchange result = template.request(clientUri() + "&throwOnErrorStatus=false", e -> {
            e.getIn().setBody("x");
            e.getIn().setHeader(ZeroMQConstants.MODEL, "boom");
        });
        assertNull(result.getException());
        assertEquals(RiverProtocol.STATUS_ERROR, result.getMessage().getHeader(ZeroMQConstants.STATUS));
        assertTrue(result.getMessage().getHeader(ZeroMQConstants.METADATA, String.class).contains("kaput"));
    }

    @Test
    void aRequestPastItsDeadlineIsAnsweredExpired() {
        Exchange result = template.request(clientUri(), e -> {
            e.getIn().setBody("late");
            e.getIn().setHeader(ZeroMQConstants.DEADLINE, System.currentTimeMillis() - 1000);
        });
        ZeroMQStatusException failure = assertInstanceOf(ZeroMQStatusException.class, result.getException());
        assertEquals(RiverProtocol.STATUS_EXPIRED, failure.getStatus());
    }

    @Test
    void pingAndStatsAreAnsweredByTheServer() {
        ZeroMQEndpoint endpoint = context.getEndpoint(clientUri(), ZeroMQEndpoint.class);
        assertTrue(endpoint.ping(5000));
        String stats = endpoint.stats(5000);
        assertNotNull(stats);
        assertTrue(stats.contains("\"counters\""), stats);
    }

    @Test
    void pingWithoutAServerReturnsFalse() {
        ZeroMQEndpoint endpoint = context.getEndpoint(
                "zeromq:tcp://127.0.0.1:" + freePort() + "?protocol=client", ZeroMQEndpoint.class);
        assertFalse(endpoint.ping(200));
    }

    @Test
    void theServerAnswersBadRequestToAMalformedRequestAndDropsGarbage() {
        try (ZContext zmq = new ZContext(1)) {
            ZMQ.Socket dealer = zmq.createSocket(SocketType.DEALER);
            dealer.setLinger(0);
            dealer.setHandshakeIvl(1000);
            dealer.setReceiveTimeOut(5000);
            dealer.connect(address());
            dealer.send("garbage");
            sendFrames(dealer, RiverProtocol.EMPTY, RiverProtocol.CLIENT_BYTES, bytes("REQUEST"), bytes("id1"),
                    bytes("echo"), bytes("short"), bytes("{}"), bytes("p"));
            assertEquals("", text(dealer.recv(0)));
            assertEquals(RiverProtocol.CLIENT, text(dealer.recv(0)));
            assertEquals(RiverProtocol.REPLY, text(dealer.recv(0)));
            assertEquals("id1", text(dealer.recv(0)));
            assertEquals(RiverProtocol.STATUS_BAD_REQUEST, text(dealer.recv(0)));
            assertTrue(text(dealer.recv(0)).contains("deadline"));
            dealer.recv(0);
            assertFalse(dealer.hasReceiveMore());
        }
        ZeroMQEndpoint server = (ZeroMQEndpoint) context.getRoutes().get(0).getEndpoint();
        assertEquals(2, server.getMalformedMessages());
    }

    @Test
    void afterTheBrokerRestartsOutstandingRequestsTimeOutAndNewOnesWork() {
        int brokerPort = freePort();
        String uri = "zeromq:tcp://127.0.0.1:" + brokerPort + "?protocol=client&model=echo&requestTimeout=500";
        try (FakeBroker broker = new FakeBroker(brokerPort)) {
            Exchange lost = template.request(uri, e -> e.getIn().setBody("lost"));
            assertInstanceOf(ExchangeTimedOutException.class, lost.getException());
            assertNotNull(broker.receiveCommand(RiverProtocol.REQUEST, 5000), "the broker saw the first request");

            broker.closeSocket();
            broker.bind();

            CountDownLatch answered = new CountDownLatch(1);
            Thread fakeBroker = new Thread(() -> {
                List<byte[]> request = broker.receiveCommand(RiverProtocol.REQUEST, 10_000);
                if (request != null) {
                    broker.send(request.get(0), RiverProtocol.EMPTY, RiverProtocol.CLIENT_BYTES,
                            RiverProtocol.ascii(RiverProtocol.REPLY), request.get(4), bytes("OK"), bytes("{}"),
                            bytes("back"));
                    answered.countDown();
                }
            });
            fakeBroker.start();
            Exchange fresh = template.request(uri.replace("requestTimeout=500", "requestTimeout=10000"),
                    e -> e.getIn().setBody("new"));
            assertNull(fresh.getException());
            assertEquals("back", fresh.getMessage().getBody(String.class));
            assertEquals(0, answered.getCount());
        }
    }

    private static void sendFrames(ZMQ.Socket socket, byte[]... frames) {
        for (int i = 0; i < frames.length; i++) {
            socket.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
        }
    }
}
