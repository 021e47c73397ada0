package dev.river.serve.observe;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: river-proxy answered PING recently (within three check intervals). Without it no frame gets a result,
 * so river-serve is not ready; it stays alive (the proxy may come back), hence no liveness.
 */
public final class ProxyHealthCheck extends AbstractHealthCheck {

    public static final String ID = "river-proxy";
    private final ProxyWatch watch;

    public ProxyHealthCheck(ProxyWatch watch) {
        super("river", ID);
        this.watch = watch;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        long within = 3 * watch.intervalMillis();
        builder.detail("proxy", watch.proxy());
        builder.detail("millisSinceAnswer", watch.millisSinceAnswer());
        if (watch.answeredWithin(within)) {
            builder.up();
        } else {
            long since = watch.millisSinceAnswer();
            builder.message("river-proxy at " + watch.proxy() + (since < 0 ? " has never answered PING"
                    : " has not answered PING for " + since + " ms") + " (river.serve.proxy)").down();
        }
    }
}
