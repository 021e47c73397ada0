package dev.river.worker.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

/**
 * The reusable per-slot input of one model: a direct float buffer that ONNX Runtime reads in place (the
 * tensor is created once over it), plus a heap staging array of the same size. A slot is used by one
 * request at a time.
 */
public final class Slot implements AutoCloseable {

    private final FloatBuffer input;
    private final OnnxTensor tensor;
    private final Map<String, OnnxTensor> inputs;
    private final float[] staging;

    Slot(OrtEnvironment env, String inputName, long[] shape, int size) throws OrtException {
        int floats = 1;
        for (long d : shape) {
            floats *= (int) d;
        }
        input = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        tensor = OnnxTensor.createTensor(env, input, shape);
        inputs = Map.of(inputName, tensor);
        staging = new float[floats];
    }

    /** The tensor's memory: write the model input here (absolute puts). */
    public FloatBuffer input() {
        return input;
    }

    /** The single-entry input map for {@code OrtSession.run}. */
    public Map<String, OnnxTensor> inputs() {
        return inputs;
    }

    /** Staging array of the input's size, filled on the heap and copied into the tensor in one bulk put. */
    public float[] staging() {
        return staging;
    }

    @Override
    public void close() {
        tensor.close();
    }
}
