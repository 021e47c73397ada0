package dev.river.serve;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.river.component.zeromq.ZeroMQConstants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inference plane survives what production does to it: a worker process killed with requests in
 * flight, and the broker restarted under a running worker and client. Real processes, real sockets,
 * the real zeromq: client producer and the real worker route.
 */
class InferencePlaneResilienceTest extends InferencePlaneTestSupport {

    private final List<RiverServiceProcess> services = new ArrayList<>();
    private CamelContext camel;
    private ProducerTemplate template;
    private BrokerProbe probe;
    private int frontend;
    private int backend;
    private byte[] image;

    @BeforeEach
    void startClient() throws Exception {
        frontend = freePort();
        backend = freePort();
        probe = new BrokerProbe(tcp(frontend));
        image = Files.readAllBytes(ASTRONAUT);
        camel = new DefaultCamelContext();
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stopEverything() throws Exception {
        camel.close();
        probe.close();
        for (RiverServiceProcess service : services) {
            service.close();
        }
    }

    @Test
    void losesNoRequestWhenAWorkerIsKilledMidStream() throws Exception {
        start(RiverServiceProcess.proxy(frontend, backend));
        RiverServiceProcess doomed = start(RiverServiceProcess.worker("doomed", backend));
        RiverServiceProcess survivor = start(RiverServiceProcess.worker("survivor", backend));
        probe.awaitStats(s -> BrokerProbe.workersServing(s, "blazeface") == 2, 60_000, "two workers", doomed, survivor);

        List<Future<Exchange>> replies = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            replies.add(requestAsync(30_000));
        }
        awaitDone(replies, 20);
        doomed.kill();

        int ok = 0;
        for (Future<Exchange> reply : replies) {
            Exchange exchange = reply.get(60, TimeUnit.SECONDS);
            assertNull(exchange.getException(), "every request is answered, none times out");
            assertEquals("OK", exchange.getMessage().getHeader(ZeroMQConstants.STATUS), "status");
            ok++;
        }
        assertEquals(120, ok);
        assertTrue(survivor.isAlive());
        probe.awaitStats(s -> BrokerProbe.workersServing(s, "blazeface") == 1, 10_000,
                "the killed worker removed from the broker");
    }

    @Test
    void workerAndClientRecoverWhenTheBrokerRestarts() throws Exception {
        RiverServiceProcess proxy = start(RiverServiceProcess.proxy(frontend, backend));
        RiverServiceProcess worker = start(RiverServiceProcess.worker("steady", backend));
        probe.awaitStats(s -> BrokerProbe.workersServing(s, "blazeface") == 1, 60_000, "one worker", proxy, worker);
        assertEquals("OK", statusOf(requestAsync(10_000).get(20, TimeUnit.SECONDS)));

        proxy.kill();
        RiverServiceProcess restarted = start(RiverServiceProcess.proxy(frontend, backend));
        probe.awaitStats(s -> BrokerProbe.workersServing(s, "blazeface") == 1, 30_000,
                "the same worker process registered again with the new broker", restarted, worker);

        String status = null;
        for (int attempt = 0; attempt < 10 && !"OK".equals(status); attempt++) {
            status = statusOf(requestAsync(2_000).get(20, TimeUnit.SECONDS));
        }
        assertEquals("OK", status, "the client's own producer works again without being recreated");
        assertTrue(worker.isAlive(), "the worker was never restarted");
    }

    private RiverServiceProcess start(RiverServiceProcess service) {
        services.add(service);
        return service;
    }

    private Future<Exchange> requestAsync(long timeoutMs) {
        String uri = "zeromq:" + tcp(frontend) + "?socketType=DEALER&protocol=client&throwOnErrorStatus=false"
                     + "&requestTimeout=" + timeoutMs;
        return template.asyncSend(uri, exchange -> {
            exchange.getIn().setBody(image);
            exchange.getIn().setHeader(ZeroMQConstants.MODEL, "blazeface");
            exchange.getIn().setHeader(ZeroMQConstants.DEADLINE, System.currentTimeMillis() + timeoutMs);
            exchange.getIn().setHeader(ZeroMQConstants.METADATA, "{\"format\":\"image\"}");
        });
    }

    private static String statusOf(Exchange exchange) {
        return exchange.getException() != null
                ? exchange.getException().toString()
                : exchange.getMessage().getHeader(ZeroMQConstants.STATUS, String.class);
    }

    private static void awaitDone(List<Future<Exchange>> replies, int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (replies.stream().filter(Future::isDone).count() < count && System.nanoTime() < end) {
            Thread.sleep(5);
        }
    }
}
