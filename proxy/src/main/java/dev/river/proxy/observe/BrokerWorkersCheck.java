package dev.river.proxy.observe;

import java.util.Map;

import dev.river.proxy.BrokerStats;
import dev.river.proxy.LeastBusyBroker;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: at least one live worker is connected, so requests can be served rather than queued until they
 * expire. Liveness does not depend on it: restarting the proxy brings no worker.
 */
public final class BrokerWorkersCheck extends AbstractHealthCheck {

    /** Health check id. */
    public static final String ID = "river-proxy-workers";

    private final LeastBusyBroker broker;

    public BrokerWorkersCheck(LeastBusyBroker broker) {
        super("river", ID);
        this.broker = broker;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        BrokerStats s = broker.stats();
        builder.detail("workers", s.workers().size()).detail("workersPerModel", s.workersPerModel());
        if (s.workers().isEmpty()) {
            builder.down().message("no worker is connected to " + broker.getBackendEndpoint());
        } else {
            builder.up().message(s.workers().size() + " worker(s): " + s.workersPerModel());
        }
    }
}
