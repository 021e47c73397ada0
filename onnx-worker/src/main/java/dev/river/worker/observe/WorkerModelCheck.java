package dev.river.worker.observe;

import java.util.Map;

import dev.river.worker.LoadedModel;
import dev.river.worker.WorkerRuntime;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness and liveness: the worker's model is loaded in ONNX Runtime (it loads, and runs once, before the
 * worker says READY) and the runtime holding it is running.
 */
public final class WorkerModelCheck extends AbstractHealthCheck {

    /** Health check id. */
    public static final String ID = "river-worker-model";

    private final WorkerRuntime runtime;

    public WorkerModelCheck(WorkerRuntime runtime) {
        super("river", ID);
        this.runtime = runtime;
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        LoadedModel model = runtime.defaultModel();
        if (model != null && runtime.isStarted()) {
            builder.detail("model", runtime.settings().modelName()).detail("source", model.model().source());
            builder.up().message("model " + runtime.settings().modelName() + " loaded from " + model.model().source()
                    + " on " + runtime.settings().executionProvider().id());
        } else {
            builder.down().message("model " + runtime.settings().modelName() + " is not loaded (worker "
                    + (runtime.isStarted() ? "started" : "not running") + ")");
        }
    }
}
