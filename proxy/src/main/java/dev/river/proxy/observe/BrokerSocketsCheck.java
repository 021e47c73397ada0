package dev.river.proxy.observe;

import java.util.Map;

import dev.river.proxy.BrokerSettings;
import dev.river.proxy.LeastBusyBroker;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the broker has bound its client (frontend) and worker (backend) sockets, so clients and workers can
 * connect. DOWN before the broker started and after it stopped.
 */
public final class BrokerSocketsCheck extends AbstractHealthCheck {

    /** Health check id. */
    public static final String ID = "river-proxy-sockets";

    private final LeastBusyBroker broker;

    public BrokerSocketsCheck(LeastBusyBroker broker) {
        super("river", ID);
        this.broker = broker;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String frontend = broker.getFrontendEndpoint();
        String backend = broker.getBackendEndpoint();
        builder.detail("frontend", frontend).detail("backend", backend);
        if (broker.isStarted() && frontend != null && backend != null) {
            builder.up().message("clients on " + hostPort(frontend) + ", workers on "
                    + hostPort(backend));
        } else {
            builder.down().message("the broker has not bound " + BrokerSettings.FRONTEND + " and "
                    + BrokerSettings.BACKEND + " (not started or stopped)");
        }
    }

    /** {@code tcp://127.0.0.1:5556} as {@code 127.0.0.1:5556}: camel-health's JSON escapes the slashes twice. */
    private static String hostPort(String address) {
        int i = address == null ? -1 : address.indexOf("://");
        return i < 0 ? address : address.substring(i + 3);
    }
}
