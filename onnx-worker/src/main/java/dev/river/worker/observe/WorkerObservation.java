package dev.river.worker.observe;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.river.component.zeromq.ZeroMQEndpoint;
import dev.river.main.ManagementAddress;
import dev.river.worker.WorkerRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.Route;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires onnx-worker's observability once the CamelContext has fully started (when camel-micrometer-prometheus
 * has put its registry in the Camel registry and the worker route's ZeroMQ endpoint exists): binds
 * {@link WorkerMetrics}, samples the {@link BrokerLink} and registers the worker's health checks.
 */
public final class WorkerObservation extends ServiceSupport implements CamelContextAware, ExtendedStartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerObservation.class);

    /** Id of the route holding the worker's zeromq: consumer (routes/worker.yaml). */
    public static final String WORKER_ROUTE = "onnx-worker";

    private final WorkerRuntime runtime;
    private CamelContext camelContext;
    private ScheduledExecutorService sampler;
    private volatile BrokerLink link;

    public WorkerObservation(WorkerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /** The broker connection, or null before start and when the worker runs without its zeromq: route. */
    public BrokerLink getBrokerLink() {
        return link;
    }

    @Override
    protected void doStart() throws Exception {
        camelContext.addStartupListener(this);
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // wait for fully started: routes, the management server, metrics and health services are up then
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        String address = ManagementAddress.of(context);
        if (address != null) {
            LOG.info("onnx-worker management: {}/observe/metrics, {}/observe/health, {}/observe/jolokia", address, address,
                    address);
        }
        Route route = context.getRoute(WORKER_ROUTE);
        ZeroMQEndpoint endpoint = route != null && route.getEndpoint() instanceof ZeroMQEndpoint z ? z : null;
        if (endpoint != null) {
            BrokerLink l = new BrokerLink(endpoint);
            link = l;
            sampler = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "RiverBrokerLink");
            sampler.scheduleWithFixedDelay(l::sample, 0, l.samplePeriodMs(), TimeUnit.MILLISECONDS);
        }
        MeterRegistry registry = MicrometerUtils.getMeterRegistryFromCamelRegistry(context.getRegistry(),
                MicrometerConstants.METRICS_REGISTRY_NAME);
        if (registry != null) {
            new WorkerMetrics(runtime, endpoint == null ? null : endpoint.getCounters(), link).bindTo(registry);
        }
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            for (HealthCheck check : List.of(new WorkerModelCheck(runtime), new WorkerBrokerCheck(link),
                    new WorkerAcceptingCheck(context, WORKER_ROUTE))) {
                if (health.getCheck(check.getId()).isEmpty()) {
                    health.register(check);
                }
            }
        }
    }

    @Override
    protected void doStop() {
        if (sampler != null) {
            camelContext.getExecutorServiceManager().shutdownNow(sampler);
            sampler = null;
        }
    }
}
