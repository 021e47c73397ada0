package dev.river.worker.observe;

import java.util.Map;

import dev.river.worker.WorkerSettings;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the worker hears its broker (a HEARTBEAT or any message within the heartbeat liveness), so it is
 * known to the broker and can be sent work. Not liveness: restarting a worker does not bring the broker back.
 */
public final class WorkerBrokerCheck extends AbstractHealthCheck {

    /** Health check id. */
    public static final String ID = "river-worker-broker";

    private final BrokerLink link;

    /** @param link the broker connection, or null when the worker runs without its zeromq: route */
    public WorkerBrokerCheck(BrokerLink link) {
        super("river", ID);
        this.link = link;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (link == null) {
            builder.down().message("the worker has no broker route (" + WorkerSettings.BROKER + ")");
            return;
        }
        builder.detail("broker", link.broker()).detail("silentMs", link.silentMs());
        String broker = hostPort(link.broker());
        if (link.isConnected()) {
            builder.up().message("broker " + broker + " heard " + link.silentMs() + " ms ago");
        } else if (link.silentMs() < 0) {
            builder.down().message("no HEARTBEAT from the broker at " + broker + " yet");
        } else {
            builder.down().message("the broker at " + broker + " has been silent for " + link.silentMs()
                    + " ms (liveness " + link.livenessMs() + " ms)");
        }
    }

    /** {@code tcp://127.0.0.1:5556} as {@code 127.0.0.1:5556}: camel-health's JSON escapes the slashes twice. */
    private static String hostPort(String address) {
        int i = address == null ? -1 : address.indexOf("://");
        return i < 0 ? address : address.substring(i + 3);
    }
}
