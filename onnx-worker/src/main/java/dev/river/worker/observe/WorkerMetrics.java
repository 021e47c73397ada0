package dev.river.worker.observe;

import java.time.Duration;
import java.util.function.ToLongFunction;

import dev.river.component.zeromq.ZeroMQCounters;
import dev.river.worker.WorkerRuntime;
import dev.river.worker.WorkerStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The {@code river_worker_*} meters of onnx-worker (docs/ops/metrics.md). Counters and gauges read what the
 * worker already counts ({@link WorkerStats}, the ZeroMQ endpoint's counters, {@link BrokerLink}); the only
 * per-request work added is recording the ONNX Runtime run time in a histogram with fixed buckets from 1 ms to
 * 10 s.
 */
public final class WorkerMetrics implements MeterBinder {

    /** Histogram buckets of river_worker_inference_seconds. */
    static final Duration[] BUCKETS = {ms(1), ms(2), ms(5), ms(10), ms(20), ms(50), ms(100), ms(200), ms(500),
        ms(1000), ms(2000), ms(5000), ms(10_000)};

    private final WorkerRuntime runtime;
    private final ZeroMQCounters endpointCounters;
    private final BrokerLink link;

    /**
     * @param endpointCounters the worker route's ZeroMQ endpoint counters (requests it answered EXPIRED itself),
     *                         or null when the worker runs without its zeromq: route (tests)
     * @param link             the broker connection, or null likewise
     */
    public WorkerMetrics(WorkerRuntime runtime, ZeroMQCounters endpointCounters, BrokerLink link) {
        this.runtime = runtime;
        this.endpointCounters = endpointCounters;
        this.link = link;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        String model = runtime.settings().modelName();
        WorkerStats stats = runtime.stats();
        requests(registry, model, "ok", WorkerStats::ok);
        requests(registry, model, "error", WorkerStats::errors);
        requests(registry, model, "bad_request", WorkerStats::badRequest);
        requests(registry, model, "unknown_model", WorkerStats::unknownModel);
        ZeroMQCounters zc = endpointCounters;
        requests(registry, model, "expired", s -> s.expired() + (zc == null ? 0 : zc.getExpired()));
        Timer inference = Timer.builder("river.worker.inference").tag("model", model)
                .description("ONNX Runtime run time of each request answered OK (timings.inferenceMs of the reply)")
                .serviceLevelObjectives(BUCKETS).register(registry);
        stats.onInference(nanos -> inference.record(Duration.ofNanos(nanos)));
        Gauge.builder("river.worker.slots", runtime, r -> r.settings().slots())
                .description("Requests this worker runs at once (announced in READY)").strongReference(true)
                .register(registry);
        Gauge.builder("river.worker.busy.slots", stats, WorkerStats::inFlight)
                .description("Requests received and not yet answered").strongReference(true).register(registry);
        Gauge.builder("river.worker.broker.connected", this, m -> m.link != null && m.link.isConnected() ? 1 : 0)
                .description("1 when the broker was heard within the heartbeat liveness, else 0").strongReference(true)
                .register(registry);
    }

    private void requests(MeterRegistry registry, String model, String status, ToLongFunction<WorkerStats> f) {
        FunctionCounter.builder("river.worker.requests", runtime.stats(), s -> f.applyAsLong(s))
                .tag("model", model).tag("status", status)
                .description("Requests answered by this worker, by reply status").register(registry);
    }

    private static Duration ms(long ms) {
        return Duration.ofMillis(ms);
    }
}
