package dev.river.proxy;

import java.util.Properties;
import java.util.function.BooleanSupplier;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;

import dev.river.main.ServiceSettings;
import dev.river.proxy.observe.BrokerLoopCheck;
import dev.river.proxy.observe.BrokerSocketsCheck;
import dev.river.proxy.observe.BrokerWorkersCheck;
import dev.river.main.ManagementPort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * river-proxy's management server as an operator sees it: the application started from its own
 * application.properties (management port 0: a free one), real RIVER/1 workers and clients over ZeroMQ, and
 * real HTTP GETs of /observe/metrics, /observe/health and /observe/jolokia.
 */
class ProxyObserveTest {

    private Main main;
    private ZContext zmq;
    private LeastBusyBroker broker;
    private ManagementPort management;

    @BeforeEach
    void startTheProxy() throws Exception {
        Properties options = ServiceSettings.parseArgs(new String[] {"--river.proxy.frontend=tcp://127.0.0.1:*",
            "--river.proxy.backend=tcp://127.0.0.1:*", "--river.proxy.heartbeat-interval-ms=100",
            "--river.proxy.heartbeat-liveness-ms=300", "--river.proxy.management-port=0"});
        main = ProxyApplication.createMain(options);
        main.start();
        broker = main.getCamelContext().getRegistry().lookupByNameAndType(ProxyConfiguration.BROKER_BEAN,
                LeastBusyBroker.class);
        management = ManagementPort.of(main.getCamelContext());
        zmq = new ZContext(1);
    }

    @AfterEach
    void stopTheProxy() {
        if (zmq != null) {
            zmq.close();
        }
        if (main != null) {
            main.stop();
        }
    }

    @Test
    void readinessIsDownWithoutAWorkerAndUpOnceOneIsReady() {
        ManagementPort.Answer ready = management.get("/observe/health/ready?exposureLevel=full");
        assertEquals(503, ready.status(), ready.body());
        assertTrue(ready.body().contains(BrokerWorkersCheck.ID), ready.body());
        assertTrue(ready.body().contains("no worker is connected"), ready.body());
        ManagementPort.Answer live = management.get("/observe/health/live?exposureLevel=full");
        assertEquals(200, live.status(), "the broker loop runs: alive without workers\n" + live.body());
        assertTrue(live.body().contains(BrokerLoopCheck.ID), live.body());

        try (TestWorker worker = worker("w1")) {
            await("readiness UP", () -> management.get("/observe/health/ready").status() == 200);
            ManagementPort.Answer all = management.get("/observe/health?exposureLevel=full");
            assertEquals(200, all.status(), all.body());
            for (String id : new String[] {BrokerSocketsCheck.ID, BrokerLoopCheck.ID, BrokerWorkersCheck.ID}) {
                assertTrue(all.body().contains("\"" + id + "\""), id + " in " + all.body());
            }
        }
        await("readiness DOWN after the worker is gone",
                () -> management.get("/observe/health/ready").status() == 503);
    }

    @Test
    void metricsListTheBrokerSeriesAndMoveWithRealRequests() {
        String scrape = management.scrape();
        for (String series : new String[] {"river_broker_queue_depth", "river_broker_requests_total",
            "river_broker_replies_total{status=\"OK\"}", "river_broker_replies_total{status=\"NO_WORKER\"}",
            "river_broker_malformed_total{side=\"client\"}", "river_broker_malformed_total{side=\"worker\"}",
            "river_broker_workers_lost_total"}) {
            assertEquals(0.0, ManagementPort.value(scrape, series), series + " in\n" + scrape);
        }
        try (TestWorker worker = worker("w1"); TestClient client = new TestClient(zmq, broker.getFrontendEndpoint(),
                SocketType.DEALER)) {
            // the three per-model gauges are registered one after the other by the observation thread: a scrape
            // in between has the first without the last
            await("the blazeface series, the worker counted", () -> {
                String m = management.scrape();
                return ManagementPort.value(m, "river_broker_workers{model=\"blazeface\"}") == 1.0 && !Double.isNaN(
                        ManagementPort.value(m, "river_broker_worker_busy_slots{model=\"blazeface\"}"));
            });
            String s = management.scrape();
            assertEquals(2.0, ManagementPort.value(s, "river_broker_worker_slots{model=\"blazeface\"}"), s);
            assertEquals(0.0, ManagementPort.value(s, "river_broker_worker_busy_slots{model=\"blazeface\"}"), s);
            for (int i = 0; i < 3; i++) {
                client.request("r" + i, "blazeface", System.currentTimeMillis() + 10_000);
                assertEquals("OK", client.reply().status());
            }
            client.sendRaw(new byte[0], "NOT-RIVER".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            await("a malformed client message counted",
                    () -> management.value("river_broker_malformed_total{side=\"client\"}") == 1.0);
            worker.sendRaw(new byte[0], "RIVER1W".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    "NONSENSE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            await("a malformed worker message counted",
                    () -> management.value("river_broker_malformed_total{side=\"worker\"}") == 1.0);
            s = management.scrape();
            assertEquals(3.0, ManagementPort.value(s, "river_broker_requests_total"), s);
            assertEquals(3.0, ManagementPort.value(s, "river_broker_replies_total{status=\"OK\"}"), s);
            assertEquals(1.0, ManagementPort.value(s, "river_broker_malformed_total{side=\"client\"}"), s);
        }
        // closed without DISCONNECT: silent past the liveness
        await("a silent worker counted lost", () -> management.value("river_broker_workers_lost_total") == 1.0);
        assertEquals(0.0, management.value("river_broker_workers{model=\"blazeface\"}"), "the series stays, at 0");
    }

    @Test
    void jolokiaReadsTheCamelContextState() {
        String mbean = "org.apache.camel:context=river-proxy,type=context,name=%22river-proxy%22";
        ManagementPort.Answer a = management.get("/observe/jolokia/read/" + mbean + "/State");
        assertEquals(200, a.status(), a.body());
        assertTrue(a.body().contains("\"value\":\"Started\""), a.body());
        assertTrue(a.body().contains("\"status\":200"), a.body());
    }

    private TestWorker worker(String name) {
        return new TestWorker(broker.getBackendEndpoint(), name, 2, 0, false, 100, 300, "blazeface");
    }

    private static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + 15_000_000_000L;
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
}
