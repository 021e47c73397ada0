package dev.river.proxy.observe;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import dev.river.proxy.BrokerCounters;
import dev.river.proxy.BrokerStats;
import dev.river.proxy.Counter;
import dev.river.proxy.LeastBusyBroker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The {@code river_broker_*} meters of river-proxy (docs/ops/metrics.md). Every meter reads what the broker
 * already keeps: its single-writer counters and the snapshot its thread publishes (a volatile reference,
 * refreshed at least every 25 ms). A scrape never touches the broker thread's own state and costs the broker
 * nothing.
 *
 * <p>Per-model gauges need a model name to exist: {@link #addNewModels()} registers them for models that have
 * appeared since the last call (the {@link BrokerObservation} calls it every second). A model whose workers
 * all left keeps its series, at 0.
 */
public final class BrokerMetrics implements MeterBinder {

    private final LeastBusyBroker broker;
    private final Set<String> models = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;

    public BrokerMetrics(LeastBusyBroker broker) {
        this.broker = broker;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        BrokerCounters counters = broker.getCounters();
        Gauge.builder("river.broker.queue.depth", broker, b -> b.stats().queued())
                .description("Requests waiting for a free worker slot (all models)").register(registry);
        FunctionCounter.builder("river.broker.requests", counters, c -> c.get(Counter.REQUESTS))
                .description("Client REQUESTs with a readable request id").register(registry);
        for (String status : BrokerCounters.REPLY_STATUSES) {
            replies(registry, counters, status);
        }
        replies(registry, counters, BrokerCounters.OTHER_STATUS);
        FunctionCounter.builder("river.broker.malformed", counters, c -> c.malformed(true)).tag("side", "client")
                .description("Malformed messages (answered BAD_REQUEST or dropped), by the side they came from")
                .register(registry);
        FunctionCounter.builder("river.broker.malformed", counters, c -> c.malformed(false)).tag("side", "worker")
                .description("Malformed messages (answered BAD_REQUEST or dropped), by the side they came from")
                .register(registry);
        FunctionCounter.builder("river.broker.undelivered", counters, c -> c.get(Counter.UNDELIVERED))
                .description("Messages not sent because the peer's outbound queue was full (it stopped reading)")
                .register(registry);
        FunctionCounter.builder("river.broker.workers.lost", counters, c -> c.get(Counter.WORKERS_TIMED_OUT))
                .description("Workers removed because they were silent past the heartbeat liveness")
                .register(registry);
        addNewModels();
    }

    private static void replies(MeterRegistry registry, BrokerCounters counters, String status) {
        FunctionCounter.builder("river.broker.replies", counters, c -> c.replies(status)).tag("status", status)
                .description("REPLYs sent to clients, by status (OK and worker statuses forwarded, broker statuses)")
                .register(registry);
    }

    /** Registers the per-model gauges of models seen for the first time; any thread. */
    public void addNewModels() {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        for (String model : broker.stats().workersPerModel().keySet()) {
            if (models.add(model)) {
                modelGauge(r, "river.broker.workers", model, "Live workers serving the model",
                        s -> s.workersPerModel().getOrDefault(model, 0));
                modelGauge(r, "river.broker.worker.slots", model,
                        "Slots of the live workers serving the model (a worker with several models counts under each)",
                        s -> slots(s, model, false));
                modelGauge(r, "river.broker.worker.busy.slots", model,
                        "Busy slots of the live workers serving the model (requests in flight on them)",
                        s -> slots(s, model, true));
            }
        }
    }

    private void modelGauge(MeterRegistry r, String name, String model, String description,
            ToDoubleFunction<BrokerStats> value) {
        Gauge.builder(name, broker, b -> value.applyAsDouble(b.stats())).tag("model", model)
                .description(description).register(r);
    }

    private static int slots(BrokerStats s, String model, boolean busy) {
        int n = 0;
        for (BrokerStats.WorkerInfo w : s.workers()) {
            if (w.models().contains(model)) {
                n += busy ? w.busy() : w.slots();
            }
        }
        return n;
    }
}
