package dev.river.proxy.observe;

import java.util.Map;

import dev.river.proxy.BrokerSettings;
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
            builder.down().message("no worker is connected to " + BrokerSettings.BACKEND + " "
                    + hostPort(broker.getBackendEndpoint()));
        } else {
            builder.up().message(s.workers().size() + " worker(s): " + s.workersPerModel());
        }
    }

    /** {@code tcp://127.0.0.1:5556} as {@code 127.0.0.1:5556}: camel-health's JSON escapes the slashes twice. */
    private static String hostPort(String address) {
        int i = address == null ? -1 : address.indexOf("://");
        return i < 0 ? address : address.substring(i + 3);
    }
}
