package dev.river.proxy.observe;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.river.proxy.LeastBusyBroker;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Liveness: the broker thread is running its loop and has done its housekeeping (heartbeats, liveness, deadlines)
 * within the heartbeat liveness. A loop that died or hangs longer than that is a broker every worker already
 * considers dead: restarting the process is the remedy.
 */
public final class BrokerLoopCheck extends AbstractHealthCheck {

    /** Health check id. */
    public static final String ID = "river-proxy-loop";

    private final LeastBusyBroker broker;

    public BrokerLoopCheck(LeastBusyBroker broker) {
        super("river", ID);
        this.broker = broker;
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (!broker.isLoopRunning()) {
            builder.down().message("the broker loop is not running");
            return;
        }
        long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - broker.getLastHousekeepingNanos());
        long limit = broker.getSettings().heartbeatLivenessMs();
        builder.detail("lastHousekeepingMsAgo", silentMs);
        if (silentMs > limit) {
            builder.down().message("the broker loop has been stuck for " + silentMs + " ms (more than "
                    + "river.proxy.heartbeat-liveness-ms=" + limit + ")");
        } else {
            builder.up();
        }
    }
}
