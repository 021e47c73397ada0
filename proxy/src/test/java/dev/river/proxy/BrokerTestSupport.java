package dev.river.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.zeromq.SocketType;
import org.zeromq.ZContext;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Shared set-up of the broker tests: a {@link LeastBusyBroker} on free 127.0.0.1 ports with short heartbeats
 * (100 ms interval, 300 ms liveness), raw RIVER/1 workers and clients, and waiting on conditions instead of
 * sleeping.
 */
abstract class BrokerTestSupport {

    static final String MODEL = "blazeface";
    static final long HEARTBEAT_MS = 100;
    static final long LIVENESS_MS = 300;
    static final ObjectMapper JSON = new ObjectMapper();

    ZContext zmq;
    LeastBusyBroker broker;
    private TestClient observer;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void createContext() {
        zmq = new ZContext(1);
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        if (broker != null) {
            broker.stop();
        }
        zmq.close();
    }

    BrokerSettings.Builder settings() {
        return BrokerSettings.builder().frontend("tcp://127.0.0.1:*").backend("tcp://127.0.0.1:*")
                .heartbeatIntervalMs(HEARTBEAT_MS).heartbeatLivenessMs(LIVENESS_MS);
    }

    LeastBusyBroker startBroker() {
        return startBroker(settings());
    }

    LeastBusyBroker startBroker(BrokerSettings.Builder settings) {
        broker = new LeastBusyBroker(settings.build());
        broker.start();
        observer = null;
        return broker;
    }

    TestClient client() {
        return client(SocketType.DEALER);
    }

    TestClient client(SocketType type) {
        TestClient c = new TestClient(zmq, broker.getFrontendEndpoint(), type);
        closeables.add(c);
        return c;
    }

    /** A worker replying after {@code serviceMs}, serving {@link #MODEL}. */
    TestWorker worker(String name, int slots, long serviceMs) {
        return worker(name, slots, serviceMs, false, MODEL);
    }

    /** A worker that keeps every request until {@link TestWorker#release()}. */
    TestWorker holdingWorker(String name, int slots) {
        return worker(name, slots, 0, true, MODEL);
    }

    TestWorker worker(String name, int slots, long serviceMs, boolean hold, String... models) {
        TestWorker w = new TestWorker(broker.getBackendEndpoint(), name, slots, serviceMs, hold, HEARTBEAT_MS,
                LIVENESS_MS, models);
        closeables.add(w);
        return w;
    }

    /** STATS from a client of its own (so that it never takes another client's replies). */
    JsonNode stats() {
        if (observer == null) {
            observer = client();
        }
        return observer.stats();
    }

    long counter(String name) {
        return stats().path("counters").path(name).asLong();
    }

    void awaitWorkers(int n) {
        await(n + " live worker(s)", () -> stats().path("workers").size() == n);
    }

    void awaitCounter(String name, long atLeast) {
        await("counter " + name + " >= " + atLeast, () -> counter(name) >= atLeast);
    }

    void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                TestClient.dumpThreads();
                if (broker != null) {
                    System.err.println("broker stats: " + broker.stats().toJson());
                }
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    static long inSeconds(long s) {
        return System.currentTimeMillis() + s * 1000;
    }

    static String workerOf(TestClient.Reply r) {
        try {
            return JSON.readTree(r.metadata()).path("worker").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("metadata is not JSON: " + r.metadata(), e);
        }
    }
}
