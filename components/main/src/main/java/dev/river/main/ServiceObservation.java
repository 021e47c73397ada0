package dev.river.main;

import java.util.List;

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
 * Wires a service's observability once its CamelContext has fully started, when camel-micrometer-prometheus has put
 * its registry in the Camel registry and camel-health its check registry: logs where the management server listens,
 * lets the service bind its river_* meters, and registers its health checks (once). Services extend it with what
 * they observe.
 */
public abstract class ServiceObservation extends ServiceSupport implements CamelContextAware, ExtendedStartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceObservation.class);

    private final String service;
    private CamelContext camelContext;

    protected ServiceObservation(String service) {
        this.service = service;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
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
            LOG.info("{} management: {}/observe/metrics, {}/observe/health, {}/observe/jolokia", service, address,
                    address, address);
        }
        observe(context, MicrometerUtils.getMeterRegistryFromCamelRegistry(context.getRegistry(),
                MicrometerConstants.METRICS_REGISTRY_NAME));
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            for (HealthCheck check : healthChecks(context)) {
                if (health.getCheck(check.getId()).isEmpty()) {
                    health.register(check);
                }
            }
        }
    }

    /**
     * Starts observing the running service and binds its meters.
     *
     * @param registry the Prometheus registry, or null when metrics are off (camel.metrics.enabled=false)
     */
    protected abstract void observe(CamelContext context, MeterRegistry registry);

    /** The service's health checks, asked for after {@link #observe}. */
    protected abstract List<HealthCheck> healthChecks(CamelContext context);
}
