package dev.river.worker;

import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import dev.river.worker.decode.DecodedOutput;
import dev.river.worker.model.Letterbox;
import dev.river.worker.model.Slot;

/**
 * The state of one request as it goes through the worker route (exchange property {@link #PROPERTY}).
 * Holds a slot and an ONNX result while running; {@link #close()} gives both back and is idempotent.
 */
public final class InferenceJob implements AutoCloseable {

    public static final String PROPERTY = "riverInferenceJob";

    final LoadedModel model;
    final JsonNode metadata;
    final byte[] payload;
    final long queueMs;
    Slot slot;
    Letterbox letterbox;
    OrtSession.Result result;
    DecodedOutput decoded;
    long preprocessNanos;
    long inferenceNanos;
    long postprocessNanos;

    InferenceJob(LoadedModel model, JsonNode metadata, byte[] payload, long queueMs) {
        this.model = model;
        this.metadata = metadata;
        this.payload = payload;
        this.queueMs = queueMs;
    }

    /** Releases the ONNX result and the slot as soon as the output is decoded. */
    synchronized void releaseResources() {
        if (result != null) {
            result.close();
            result = null;
        }
        if (slot != null) {
            model.model().release(slot);
            slot = null;
        }
    }

    @Override
    public void close() {
        releaseResources();
    }
}
