package dev.river.worker;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * First step of the worker route: checks the requested model and the deadline, parses the metadata JSON
 * and starts an {@link InferenceJob}.
 */
public final class RequestReader implements Processor {

    private final WorkerRuntime runtime;

    public RequestReader(WorkerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void process(Exchange exchange) {
        runtime.stats().received();
        Message in = exchange.getMessage();
        String modelName = in.getHeader(WorkerHeaders.MODEL, String.class);
        LoadedModel model = modelName == null || modelName.isEmpty() ? runtime.defaultModel() : runtime.model(modelName);
        if (model == null) {
            throw new WorkerRequestException(WorkerHeaders.STATUS_UNKNOWN_MODEL, "this worker serves "
                    + runtime.modelNames() + ", not '" + modelName + "'");
        }
        Long deadline = in.getHeader(WorkerHeaders.DEADLINE, Long.class);
        if (deadline != null && deadline > 0 && System.currentTimeMillis() > deadline) {
            throw new WorkerRequestException(WorkerHeaders.STATUS_EXPIRED, "deadline passed before the request ran");
        }
        JsonNode metadata = parseMetadata(in.getHeader(WorkerHeaders.METADATA, String.class));
        byte[] payload = in.getBody(byte[].class);
        if (payload == null) {
            throw WorkerRequestException.badRequest("empty payload");
        }
        InferenceJob job = new InferenceJob(model, metadata, payload, exchange.getClock().elapsed());
        // no completion hook needed: workerInference holds the slot and the ONNX result only while it runs
        exchange.setProperty(InferenceJob.PROPERTY, job);
    }

    private JsonNode parseMetadata(String json) {
        if (json == null || json.isBlank()) {
            return runtime.mapper().createObjectNode();
        }
        JsonNode flat = FlatJson.parse(json);
        if (flat != null) {
            return flat;
        }
        try {
            JsonNode node = runtime.mapper().readTree(json);
            if (node == null || !node.isObject()) {
                throw WorkerRequestException.badRequest("metadata must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw WorkerRequestException.badRequest("metadata is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static InferenceJob job(Exchange exchange) {
        InferenceJob job = exchange.getProperty(InferenceJob.PROPERTY, InferenceJob.class);
        if (job == null) {
            throw new IllegalStateException("no inference job on the exchange: the route must start with workerRequest");
        }
        return job;
    }
}
