package dev.river.worker.model;

import java.util.Locale;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;

/**
 * Where ONNX Runtime runs the model: on the CPU (the default, every onnxruntime jar) or on an NVIDIA GPU through
 * the CUDA execution provider, which only the onnxruntime_gpu jar carries (build the worker with {@code -Pgpu},
 * docs/ops/gpu.md).
 */
public enum ExecutionProvider {

    /** ONNX Runtime's default CPU provider. */
    CPU("cpu", OrtProvider.CPU),
    /** CUDA on one GPU (river.worker.cuda-device); nodes CUDA cannot run fall back to the CPU. */
    CUDA("cuda", OrtProvider.CUDA);

    private final String id;
    private final OrtProvider provider;

    ExecutionProvider(String id, OrtProvider provider) {
        this.id = id;
        this.provider = provider;
    }

    /** The setting value: {@code cpu} or {@code cuda}. */
    public String id() {
        return id;
    }

    /** The provider for a setting value (case-insensitive), or null. */
    public static ExecutionProvider parse(String value) {
        for (ExecutionProvider p : values()) {
            if (p.id.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        return null;
    }

    /** Whether the onnxruntime jar on the class path has this provider (loads ONNX Runtime's native library). */
    public boolean isAvailable() {
        return this == CPU || OrtEnvironment.getAvailableProviders().contains(provider);
    }

    /** Adds this provider to a session's options; the CPU needs nothing. */
    void apply(OrtSession.SessionOptions options, int device) throws OrtException {
        if (this == CUDA) {
            options.addCUDA(device);
        }
    }
}
