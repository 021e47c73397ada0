package dev.river.worker;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;

import dev.river.worker.observe.WorkerObservation;

/**
 * Binds the worker's runtime and the processors its YAML route names: {@code workerRequest},
 * {@code workerInference}, {@code workerReply}, {@code workerErrorReply}. Settings are read from Camel's properties (application.properties, environment
 * variables, command-line overrides) and validated before anything connects.
 */
@Configuration
public class WorkerConfiguration implements CamelConfiguration {

    private WorkerRuntime runtime;

    private synchronized WorkerRuntime runtime(CamelContext context) {
        if (runtime == null) {
            WorkerSettings settings = WorkerSettings.from(key -> context.getPropertiesComponent()
                    .resolveProperty(key).orElse(null));
            runtime = new WorkerRuntime(settings);
            try {
                context.addService(runtime, true, true);
                // river_worker_* metrics and the worker's health checks (docs/ops/metrics.md)
                context.addService(new WorkerObservation(runtime), true, true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return runtime;
    }

    @BindToRegistry("workerRuntime")
    public WorkerRuntime workerRuntime(CamelContext context) {
        return runtime(context);
    }

    @BindToRegistry("workerRequest")
    public RequestReader workerRequest(CamelContext context) {
        return new RequestReader(runtime(context));
    }

    @BindToRegistry("workerInference")
    public InferenceProcessor workerInference() {
        return new InferenceProcessor();
    }

    @BindToRegistry("workerReply")
    public ReplyWriter workerReply(CamelContext context) {
        return new ReplyWriter(runtime(context));
    }

    @BindToRegistry("workerErrorReply")
    public ErrorReplyProcessor workerErrorReply(CamelContext context) {
        return new ErrorReplyProcessor(runtime(context));
    }
}
