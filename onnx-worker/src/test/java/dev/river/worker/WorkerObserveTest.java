package dev.river.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import dev.river.component.zeromq.protocol.RiverProtocol;
import dev.river.main.LoopbackPorts;
import dev.river.proxy.BrokerSettings;
import dev.river.proxy.LeastBusyBroker;
import dev.river.worker.observe.WorkerAcceptingCheck;
import dev.river.worker.observe.WorkerBrokerCheck;
import dev.river.worker.observe.WorkerModelCheck;
import dev.river.main.ManagementPort;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The worker's management server as an operator sees it: the whole worker (zeromq: route, real ONNX Runtime)
 * connected to a real river-proxy broker, real RIVER/1 client requests, and real HTTP GETs of /observe/health,
 * /observe/metrics and /observe/jolokia on the management port (0: a free one).
 */
class WorkerObserveTest extends WorkerTestSupport {

    private static final int BROKER_PORT = freePort();

    private LeastBusyBroker broker;
    private ZContext zmq;

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        // JMX on, as in the application: Jolokia reads the Camel MBeans
        configuration.withEnableJMX();
    }

    @Override
    protected String routesIncludePattern() {
        return "classpath:routes/*.yaml";
    }

    @Override
    protected void workerProperties(Properties p) {
        p.setProperty(WorkerSettings.BROKER, "tcp://127.0.0.1:" + BROKER_PORT);
        p.setProperty(WorkerSettings.NAME, "observed-worker");
        p.setProperty("river.worker.management-enabled", "true");
        p.setProperty("river.worker.management-port", "0");
    }

    @AfterEach
    void stopTheBroker() {
        if (zmq != null) {
            zmq.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void healthIsDownBeforeTheWorkerHearsABrokerAndUpOnceItDoes() {
        ManagementPort management = ManagementPort.of(context);
        ManagementPort.Answer ready = management.get("/observe/health/ready?exposureLevel=full");
        assertEquals(503, ready.status(), ready.body());
        assertTrue(ready.body().contains(WorkerBrokerCheck.ID), ready.body());
        assertTrue(ready.body().contains("no HEARTBEAT from the broker"), ready.body());
        assertEquals(0.0, management.value("river_worker_broker_connected"));
        ManagementPort.Answer live = management.get("/observe/health/live?exposureLevel=full");
        assertEquals(200, live.status(), "the model is loaded: alive without a broker\n" + live.body());
        assertTrue(live.body().contains(WorkerModelCheck.ID), live.body());

        startBroker();
        await("readiness UP", () -> management.get("/observe/health/ready").status() == 200);
        ManagementPort.Answer all = management.get("/observe/health?exposureLevel=full");
        for (String id : new String[] {WorkerModelCheck.ID, WorkerBrokerCheck.ID, WorkerAcceptingCheck.ID}) {
            assertTrue(all.body().contains("\"" + id + "\""), id + " in " + all.body());
        }
        assertEquals(1.0, management.value("river_worker_broker_connected"));
    }

    @Test
    void requestsThroughARealBrokerMoveTheWorkerMetrics() throws IOException {
        ManagementPort management = ManagementPort.of(context);
        String scrape = management.scrape();
        for (String status : new String[] {"ok", "error", "bad_request", "unknown_model", "expired"}) {
            String series = "river_worker_requests_total{model=\"blazeface\",status=\"" + status + "\"}";
            assertEquals(0.0, ManagementPort.value(scrape, series), series + " in\n" + scrape);
        }
        assertEquals(1.0, ManagementPort.value(scrape, "river_worker_slots"), scrape);
        assertEquals(0.0, ManagementPort.value(scrape, "river_worker_busy_slots"), scrape);
        assertEquals(0.0, ManagementPort.value(scrape, "river_worker_inference_seconds_count{model=\"blazeface\"}"),
                scrape);

        startBroker();
        await("the worker is ready at the broker", () -> broker.stats().workers().size() == 1);
        ZMQ.Socket client = zmq.createSocket(SocketType.DEALER);
        client.setLinger(0);
        client.setHandshakeIvl(1000); // JeroMQ 0.6.0 can stall a fresh handshake: retry after 1 s, not 30 s
        client.setReceiveTimeOut(20_000);
        client.connect(broker.getFrontendEndpoint());
        byte[] photo = Files.readAllBytes(ASTRONAUT);
        for (int i = 0; i < 3; i++) {
            assertEquals("OK", request(client, "r" + i, "{}", photo));
        }
        assertEquals("BAD_REQUEST", request(client, "bad", "{\"format\":\"rgb24\",\"width\":7,\"height\":7}",
                new byte[3]));

        scrape = management.scrape();
        assertEquals(3.0, ManagementPort.value(scrape,
                "river_worker_requests_total{model=\"blazeface\",status=\"ok\"}"), scrape);
        assertEquals(1.0, ManagementPort.value(scrape,
                "river_worker_requests_total{model=\"blazeface\",status=\"bad_request\"}"), scrape);
        assertEquals(3.0, ManagementPort.value(scrape, "river_worker_inference_seconds_count{model=\"blazeface\"}"),
                scrape);
        assertEquals(3.0, ManagementPort.value(scrape,
                "river_worker_inference_seconds_bucket{model=\"blazeface\",le=\"10.0\"}"), scrape);
        assertEquals(0.0, ManagementPort.value(scrape, "river_worker_busy_slots"), scrape);
    }

    @Test
    void jolokiaReadsTheCamelContextState() {
        ManagementPort management = ManagementPort.of(context);
        // the context MBean org.apache.camel:context=<management name>,type=context,name="<name>", by pattern
        ManagementPort.Answer a = management.get("/observe/jolokia/read/org.apache.camel:type=context,*/State");
        assertEquals(200, a.status(), a.body());
        assertTrue(a.body().contains("\"status\":200"), a.body());
        assertTrue(a.body().contains("name=\\\"" + context.getName() + "\\\"\":{\"State\":\"Started\"}"), a.body());
    }

    private void startBroker() {
        broker = new LeastBusyBroker(BrokerSettings.builder().frontend("tcp://127.0.0.1:*")
                .backend("tcp://127.0.0.1:" + BROKER_PORT).build());
        broker.start();
        zmq = new ZContext(1);
    }

    /** One RIVER/1 client REQUEST (docs/protocol.md) and the status of its REPLY. */
    private static String request(ZMQ.Socket client, String id, String metadata, byte[] payload) {
        client.sendMore(RiverProtocol.EMPTY);
        client.sendMore(RiverProtocol.CLIENT_BYTES);
        client.sendMore(RiverProtocol.ascii(RiverProtocol.REQUEST));
        client.sendMore(id.getBytes(StandardCharsets.UTF_8));
        client.sendMore("blazeface".getBytes(StandardCharsets.UTF_8));
        client.sendMore(RiverProtocol.encodeDeadline(System.currentTimeMillis() + 15_000));
        client.sendMore(metadata.getBytes(StandardCharsets.UTF_8));
        client.send(payload);
        List<byte[]> frames = new ArrayList<>();
        byte[] first = client.recv();
        assertNotNull(first, "no reply to " + id);
        frames.add(first);
        while (client.hasReceiveMore()) {
            frames.add(client.recv());
        }
        assertEquals(RiverProtocol.REPLY, new String(frames.get(2), StandardCharsets.US_ASCII));
        assertEquals(id, new String(frames.get(3), StandardCharsets.UTF_8));
        return new String(frames.get(4), StandardCharsets.US_ASCII);
    }

    private static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    private static int freePort() {
        return LoopbackPorts.freeTcpPort();
    }
}
