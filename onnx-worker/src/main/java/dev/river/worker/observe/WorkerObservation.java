package dev.river.worker.observe;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.river.component.zeromq.ZeroMQEndpoint;
import dev.river.main.ServiceObservation;
import dev.river.worker.WorkerRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheck;

/**
 * Wires onnx-worker's observability once the CamelContext has fully started (when camel-micrometer-prometheus
 * has put its registry in the Camel registry and the worker route's ZeroMQ endpoint exists): binds
 * {@link WorkerMetrics}, samples the {@link BrokerLink} and registers the worker's health checks.
 */
public final class WorkerObservation extends ServiceObservation {

    /** Id of the route holding the worker's zeromq: consumer (routes/worker.yaml). */
    public static final String WORKER_ROUTE = "onnx-worker";

    private final WorkerRuntime runtime;
    private ScheduledExecutorService sampler;
    private volatile BrokerLink link;

    public WorkerObservation(WorkerRuntime runtime) {
        super("onnx-worker");
        this.runtime = runtime;
    }

    /** The broker connection, or null before start and when the worker runs without its zeromq: route. */
    public BrokerLink getBrokerLink() {
        return link;
    }

    @Override
    protected void observe(CamelContext context, MeterRegistry registry) {
        Route route = context.getRoute(WORKER_ROUTE);
        ZeroMQEndpoint endpoint = route != null && route.getEndpoint() instanceof ZeroMQEndpoint z ? z : null;
        if (endpoint != null) {
            BrokerLink l = new BrokerLink(endpoint);
            link = l;
            sampler = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "RiverBrokerLink");
            sampler.scheduleWithFixedDelay(l::sample, 0, l.samplePeriodMs(), TimeUnit.MILLISECONDS);
        }
        if (registry != null) {
            new WorkerMetrics(runtime, endpoint == null ? null : endpoint.getCounters(), link).bindTo(registry);
        }
    }

    @Override
    protected List<HealthCheck> healthChecks(CamelContext context) {
        return List.of(new WorkerModelCheck(runtime), new WorkerBrokerCheck(link),
                new WorkerAcceptingCheck(context, WORKER_ROUTE));
    }

    @Override
    protected void doStop() {
        if (sampler != null) {
            getCamelContext().getExecutorServiceManager().shutdownNow(sampler);
            sampler = null;
        }
    }
}
