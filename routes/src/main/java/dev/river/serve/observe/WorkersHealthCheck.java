package dev.river.serve.observe;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: at least one onnx-worker serves the configured model, according to the broker's latest STATS answer.
 * Without one every frame's result is an error; river-serve stays alive (workers come and go), hence no liveness.
 */
public final class WorkersHealthCheck extends AbstractHealthCheck {

    public static final String ID = "river-workers";
    private final ProxyWatch watch;
    private final String model;

    public WorkersHealthCheck(ProxyWatch watch, String model) {
        super("river", ID);
        this.watch = watch;
        this.model = model;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("model", model);
        if (!watch.statsKnown()) {
            builder.message("river-proxy at " + watch.proxy() + " did not answer STATS: workers for model '" + model
                            + "' unknown").down();
            return;
        }
        int n = watch.workers(model);
        builder.detail("workers", n);
        if (n > 0) {
            builder.up();
        } else {
            builder.message("no onnx-worker serves the model '" + model + "' (river.serve.model); the broker knows "
                            + watch.workersByModel()).down();
        }
    }
}
