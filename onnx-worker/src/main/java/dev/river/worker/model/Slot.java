package dev.river.worker.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

/**
 * The reusable per-slot input of one model: a direct float buffer that ONNX Runtime reads in place (the
 * tensor is created once over it), written in place by the preprocessor. A slot is used by one
 * request at a time. When the model's outputs all have static float shapes, the slot also owns pinned output
 * tensors, so a frame allocates no tensor memory at all.
 */
public final class Slot implements AutoCloseable {

    private final FloatBuffer input;
    private final OnnxTensor tensor;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> outputs;

    Slot(OrtEnvironment env, String inputName, long[] shape, Map<String, long[]> pinnedOutputs) throws OrtException {
        int floats = 1;
        for (long d : shape) {
            floats *= (int) d;
        }
        input = direct(floats);
        tensor = OnnxTensor.createTensor(env, input, shape);
        inputs = Map.of(inputName, tensor);
        if (pinnedOutputs == null) {
            outputs = null;
        } else {
            Map<String, OnnxTensor> out = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> e : pinnedOutputs.entrySet()) {
                int n = 1;
                for (long d : e.getValue()) {
                    n *= (int) d;
                }
                out.put(e.getKey(), OnnxTensor.createTensor(env, direct(n), e.getValue()));
            }
            outputs = Collections.unmodifiableMap(out);
        }
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * Pre-allocated output tensors ONNX Runtime writes into (models whose outputs are all float with static
     * shapes), or null. Valid until the slot is released.
     */
    public Map<String, OnnxTensor> outputs() {
        return outputs;
    }

    /** The tensor's memory: write the model input here (absolute puts). */
    public FloatBuffer input() {
        return input;
    }

    /** The single-entry input map for {@code OrtSession.run}. */
    public Map<String, OnnxTensor> inputs() {
        return inputs;
    }

    @Override
    public void close() {
        tensor.close();
        if (outputs != null) {
            outputs.values().forEach(OnnxTensor::close);
        }
    }
}
