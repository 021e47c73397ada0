package dev.river.worker.observe;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Readiness: the worker is not shutting down. Once Camel stops (SIGTERM, a rolling update) the worker takes no
 * new requests, finishes those in flight and says DISCONNECT: from the first moment of that it reports DOWN.
 */
public final class WorkerAcceptingCheck extends AbstractHealthCheck {

    /** Health check id. */
    public static final String ID = "river-worker-accepting";

    private final CamelContext context;
    private final String routeId;

    public WorkerAcceptingCheck(CamelContext context, String routeId) {
        super("river", ID);
        this.context = context;
        this.routeId = routeId;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (context.isStopping() || context.isStopped()) {
            builder.down().message("the worker is shutting down: it takes no new requests");
            return;
        }
        Route route = context.getRoute(routeId);
        if (route != null && !ServiceHelper.isStarted(route.getConsumer())) {
            builder.down().message("route " + routeId + " is not consuming (stopped or suspended)");
            return;
        }
        builder.up();
    }
}
