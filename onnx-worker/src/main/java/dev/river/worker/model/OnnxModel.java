package dev.river.worker.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.river.worker.WorkerConfigException;
import dev.river.worker.WorkerSettings;

/**
 * One loaded model: its {@link OrtSession} (thread safe, shared by every slot), what its image input looks
 * like (read from the session), and a pool of reusable {@link Slot} input buffers.
 */
public final class OnnxModel implements AutoCloseable {

    private final String name;
    private final String source;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final long[] inputShape;
    private final InputLayout layout;
    private final int inputSize;
    private final List<String> outputNames;
    private final Map<String, NodeInfo> outputInfo;
    private final Map<String, String> customMetadata;
    private final BlockingQueue<Slot> slots;
    private final Map<String, long[]> pinnedOutputs;

    private OnnxModel(String name, String source, OrtEnvironment env, OrtSession session, int configuredSize,
                      int slotCount) throws OrtException {
        this.name = name;
        this.source = source;
        this.env = env;
        this.session = session;
        Map<String, NodeInfo> inputs = session.getInputInfo();
        if (inputs.size() != 1) {
            throw new WorkerConfigException(WorkerSettings.MODEL, source + " has " + inputs.size()
                    + " inputs " + inputs.keySet() + "; the worker feeds models with exactly one image input");
        }
        NodeInfo in = inputs.values().iterator().next();
        inputName = in.getName();
        if (!(in.getInfo() instanceof TensorInfo ti) || ti.type != OnnxJavaType.FLOAT || ti.getShape().length != 4) {
            throw new WorkerConfigException(WorkerSettings.MODEL, source + " input " + inputName + " is "
                    + in.getInfo() + "; expected a float tensor [1,3,S,S] or [1,S,S,3]");
        }
        long[] shape = ti.getShape().clone();
        if (shape[1] == 3) {
            layout = InputLayout.NCHW;
        } else if (shape[3] == 3) {
            layout = InputLayout.NHWC;
        } else {
            throw new WorkerConfigException(WorkerSettings.MODEL, source + " input " + inputName + " has shape "
                    + java.util.Arrays.toString(shape) + "; expected 3 colour channels ([1,3,S,S] or [1,S,S,3])");
        }
        int h = (int) (layout == InputLayout.NCHW ? shape[2] : shape[1]);
        int w = (int) (layout == InputLayout.NCHW ? shape[3] : shape[2]);
        int size;
        if (h > 0 && w > 0) {
            if (h != w) {
                throw new WorkerConfigException(WorkerSettings.MODEL, source + " input is " + w + "x" + h
                        + "; the worker letterboxes into square inputs only");
            }
            if (configuredSize != 0 && configuredSize != h) {
                throw new WorkerConfigException(WorkerSettings.INPUT_SIZE, "is " + configuredSize + " but the model "
                        + source + " takes " + h + "x" + h + " (leave it empty to use the model's size)");
            }
            size = h;
        } else if (configuredSize > 0) {
            size = configuredSize;
        } else {
            throw new WorkerConfigException(WorkerSettings.INPUT_SIZE, "the model " + source
                    + " has a dynamic input size; set river.worker.input-size (e.g. 640)");
        }
        inputSize = size;
        shape[0] = 1;
        if (layout == InputLayout.NCHW) {
            shape[2] = size;
            shape[3] = size;
        } else {
            shape[1] = size;
            shape[2] = size;
        }
        inputShape = shape;
        outputInfo = Collections.unmodifiableMap(session.getOutputInfo());
        outputNames = List.copyOf(new ArrayList<>(outputInfo.keySet()));
        customMetadata = Map.copyOf(session.getMetadata().getCustomMetadata());
        pinnedOutputs = staticFloatOutputs(outputInfo);
        slots = new ArrayBlockingQueue<>(slotCount);
        for (int i = 0; i < slotCount; i++) {
            slots.add(new Slot(env, inputName, inputShape, pinnedOutputs));
        }
    }

    /**
     * Loads a model: an embedded one ({@code embedded:...}, sha256 verified) or a file.
     *
     * @param name      the model name clients ask for
     * @param model     file path or embedded URI
     * @param inputSize configured input size, 0 = from the model
     */
    public static OnnxModel load(OrtEnvironment env, String name, String model, int inputSize, int intraOpThreads,
                                 int slotCount) {
        return load(env, name, model, inputSize, intraOpThreads, slotCount, ExecutionProvider.CPU, 0);
    }

    /**
     * Loads a model to run on {@code provider} ({@code device}: the CUDA device id, ignored on the CPU).
     *
     * @see #load(OrtEnvironment, String, String, int, int, int)
     */
    public static OnnxModel load(OrtEnvironment env, String name, String model, int inputSize, int intraOpThreads,
                                 int slotCount, ExecutionProvider provider, int device) {
        byte[] bytes;
        EmbeddedModels embedded = EmbeddedModels.byUri(model);
        try {
            bytes = embedded != null ? embedded.load() : Files.readAllBytes(Path.of(model));
        } catch (IOException e) {
            throw new WorkerConfigException(WorkerSettings.MODEL, "cannot read " + model + ": " + e.getMessage(), e);
        }
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            try {
                provider.apply(options, device);
            } catch (OrtException e) {
                throw new WorkerConfigException(WorkerSettings.EXECUTION_PROVIDER, "ONNX Runtime cannot use "
                        + provider.id() + " (device " + device + "): " + e.getMessage(), e);
            }
            session = env.createSession(bytes, options);
            return new OnnxModel(name, model, env, session, inputSize, slotCount);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new WorkerConfigException(WorkerSettings.MODEL, "ONNX Runtime cannot load " + model + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    /** Output shapes when every output is a float tensor of static shape (then outputs are pinned), else null. */
    private static Map<String, long[]> staticFloatOutputs(Map<String, NodeInfo> outputs) {
        Map<String, long[]> shapes = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, NodeInfo> e : outputs.entrySet()) {
            if (!(e.getValue().getInfo() instanceof TensorInfo ti) || ti.type != OnnxJavaType.FLOAT) {
                return null;
            }
            for (long d : ti.getShape()) {
                if (d <= 0) {
                    return null;
                }
            }
            shapes.put(e.getKey(), ti.getShape());
        }
        return shapes;
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // already failing
            }
        }
    }

    /** Takes a free slot; if all are taken (more concurrent requests than slots) a temporary one is made. */
    public Slot acquire() throws OrtException {
        Slot s = slots.poll();
        return s != null ? s : new Slot(env, inputName, inputShape, pinnedOutputs);
    }

    /** Returns a slot to the pool (temporary slots beyond the pool size are closed). */
    public void release(Slot slot) {
        if (!slots.offer(slot)) {
            slot.close();
        }
    }

    /**
     * Runs the model on a slot's input (into the slot's pinned outputs when it has them). The caller closes
     * the result; pinned outputs stay valid until the slot is released.
     */
    public OrtSession.Result run(Slot slot) throws OrtException {
        return slot.outputs() == null ? session.run(slot.inputs()) : session.run(slot.inputs(), slot.outputs());
    }

    public String name() {
        return name;
    }

    /** The file path or embedded URI the model came from. */
    public String source() {
        return source;
    }

    public OrtEnvironment environment() {
        return env;
    }

    public OrtSession session() {
        return session;
    }

    public String inputName() {
        return inputName;
    }

    public long[] inputShape() {
        return inputShape.clone();
    }

    public InputLayout layout() {
        return layout;
    }

    /** Side of the square model input in pixels. */
    public int inputSize() {
        return inputSize;
    }

    public List<String> outputNames() {
        return outputNames;
    }

    public Map<String, NodeInfo> outputInfo() {
        return outputInfo;
    }

    /** The model's custom metadata map (e.g. Ultralytics {@code names}). */
    public Map<String, String> customMetadata() {
        return customMetadata;
    }

    @Override
    public void close() throws OrtException {
        Slot s;
        while ((s = slots.poll()) != null) {
            s.close();
        }
        session.close();
    }
}
