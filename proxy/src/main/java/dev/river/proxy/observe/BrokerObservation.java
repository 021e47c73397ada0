package dev.river.proxy.observe;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.river.main.ServiceObservation;
import dev.river.proxy.LeastBusyBroker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;

/**
 * Wires river-proxy's observability once the CamelContext has fully started (when camel-micrometer-prometheus
 * has put its registry in the Camel registry and camel-health its check registry): binds {@link BrokerMetrics}
 * to that registry, keeps adding per-model gauges as models appear (one cheap look at the published snapshot
 * every second), and registers the broker's health checks.
 */
public final class BrokerObservation extends ServiceObservation {

    /** How often new models are looked for (their gauges appear within this). */
    static final long MODEL_SCAN_MS = 1000;

    private final LeastBusyBroker broker;
    private final BrokerMetrics metrics;
    private ScheduledExecutorService scanner;

    public BrokerObservation(LeastBusyBroker broker) {
        super("river-proxy");
        this.broker = broker;
        this.metrics = new BrokerMetrics(broker);
    }

    public BrokerMetrics getMetrics() {
        return metrics;
    }

    @Override
    protected void observe(CamelContext context, MeterRegistry registry) {
        if (registry != null) {
            metrics.bindTo(registry);
            scanner = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "RiverBrokerMetrics");
            scanner.scheduleWithFixedDelay(metrics::addNewModels, MODEL_SCAN_MS, MODEL_SCAN_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected List<HealthCheck> healthChecks(CamelContext context) {
        return List.of(new BrokerSocketsCheck(broker), new BrokerLoopCheck(broker), new BrokerWorkersCheck(broker));
    }

    @Override
    protected void doStop() {
        if (scanner != null) {
            getCamelContext().getExecutorServiceManager().shutdownNow(scanner);
            scanner = null;
        }
    }
}
