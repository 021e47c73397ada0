package dev.river.proxy.observe;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.river.main.ManagementAddress;
import dev.river.proxy.LeastBusyBroker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires river-proxy's observability once the CamelContext has fully started (when camel-micrometer-prometheus
 * has put its registry in the Camel registry and camel-health its check registry): binds {@link BrokerMetrics}
 * to that registry, keeps adding per-model gauges as models appear (one cheap look at the published snapshot
 * every second), and registers the broker's health checks.
 */
public final class BrokerObservation extends ServiceSupport implements CamelContextAware, ExtendedStartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerObservation.class);

    /** How often new models are looked for (their gauges appear within this). */
    static final long MODEL_SCAN_MS = 1000;

    private final LeastBusyBroker broker;
    private final BrokerMetrics metrics;
    private CamelContext camelContext;
    private ScheduledExecutorService scanner;

    public BrokerObservation(LeastBusyBroker broker) {
        this.broker = broker;
        this.metrics = new BrokerMetrics(broker);
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    public BrokerMetrics getMetrics() {
        return metrics;
    }

    @Override
    protected void doStart() throws Exception {
        camelContext.addStartupListener(this);
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // wait for fully started: the management server, metrics and health services are up then
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        String address = ManagementAddress.of(context);
        if (address != null) {
            LOG.info("river-proxy management: {}/observe/metrics, {}/observe/health, {}/observe/jolokia", address, address,
                    address);
        }
        MeterRegistry registry = MicrometerUtils.getMeterRegistryFromCamelRegistry(context.getRegistry(),
                MicrometerConstants.METRICS_REGISTRY_NAME);
        if (registry != null) {
            metrics.bindTo(registry);
            scanner = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "RiverBrokerMetrics");
            scanner.scheduleWithFixedDelay(metrics::addNewModels, MODEL_SCAN_MS, MODEL_SCAN_MS, TimeUnit.MILLISECONDS);
        }
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            for (HealthCheck check : List.of(new BrokerSocketsCheck(broker), new BrokerLoopCheck(broker),
                    new BrokerWorkersCheck(broker))) {
                if (health.getCheck(check.getId()).isEmpty()) {
                    health.register(check);
                }
            }
        }
    }

    @Override
    protected void doStop() {
        if (scanner != null) {
            camelContext.getExecutorServiceManager().shutdownNow(scanner);
            scanner = null;
        }
    }
}
