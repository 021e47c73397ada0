package dev.river.worker;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import dev.river.worker.model.EmbeddedModels;
import dev.river.worker.model.ExecutionProvider;

import dev.river.main.ServiceSettings;
import dev.river.main.SettingRule;
import dev.river.main.SettingsValidator;

/**
 * The validated settings of one worker. Built from any key lookup (Camel's properties component in the
 * application, a map in tests); every problem is reported as a {@link WorkerConfigException} naming the
 * property.
 */
public final class WorkerSettings {

    public static final String PREFIX = "river.worker.";
    public static final String BROKER = PREFIX + "broker";
    public static final String NAME = PREFIX + "name";
    public static final String MODEL_NAME = PREFIX + "model-name";
    public static final String MODEL = PREFIX + "model";
    public static final String DECODER = PREFIX + "decoder";
    public static final String INPUT_SIZE = PREFIX + "input-size";
    public static final String SCORE_THRESHOLD = PREFIX + "score-threshold";
    public static final String NMS_THRESHOLD = PREFIX + "nms-threshold";
    public static final String LABELS = PREFIX + "labels";
    public static final String INTRA_OP_THREADS = PREFIX + "intra-op-threads";
    public static final String SLOTS = PREFIX + "slots";
    public static final String EXECUTION_PROVIDER = PREFIX + "execution-provider";
    public static final String CUDA_DEVICE = PREFIX + "cuda-device";

    /** Every setting, in documentation order. */
    public static final String[] KEYS = {BROKER, NAME, MODEL_NAME, MODEL, DECODER, INPUT_SIZE, SCORE_THRESHOLD,
        NMS_THRESHOLD, LABELS, INTRA_OP_THREADS, SLOTS, EXECUTION_PROVIDER, CUDA_DEVICE,
        WorkerTransport.CURVE_SERVER_KEY, WorkerTransport.CURVE_SECRET_KEY, WorkerTransport.MAX_MESSAGE_SIZE,
        WorkerTransport.DRAIN_TIMEOUT_MS};

    /**
     * What the worker's settings accept, checked before Camel starts: the broker address, the model (empty, an
     * embedded model, or an existing file) and the decoder per key; everything else by building the settings.
     */
    public static final SettingsValidator VALIDATOR = SettingsValidator.forPrefix(PREFIX)
            .rule(BROKER, SettingRule.zeromqConnect())
            .rule(MODEL, SettingRule.checking("empty (embedded BlazeFace), " + EmbeddedModels.FRONT_128.uri() + ", "
                    + EmbeddedModels.BACK_256.uri() + " or the path of an existing ONNX file", WorkerSettings::modelProblem))
            .rule(DECODER, SettingRule.oneOf("blazeface", "yolo", "raw"))
            .rule(LABELS, SettingRule.existingFile().orEmpty())
            .rule(INPUT_SIZE, SettingRule.wholeNumber(0, 8192).orEmpty())
            .rule(SCORE_THRESHOLD, SettingRule.number(0, 1).orEmpty())
            .rule(NMS_THRESHOLD, SettingRule.number(0, 1).orEmpty())
            .rule(INTRA_OP_THREADS, SettingRule.wholeNumber(1, 256).orEmpty())
            .rule(SLOTS, SettingRule.wholeNumber(1, 1024).orEmpty())
            .rule(WorkerTransport.CURVE_SERVER_KEY, WorkerTransport.SERVER_KEY_RULE)
            .rule(WorkerTransport.CURVE_SECRET_KEY, WorkerTransport.SECRET_KEY_RULE)
            .rule(WorkerTransport.MAX_MESSAGE_SIZE, WorkerTransport.MAX_MESSAGE_SIZE_RULE)
            .rule(WorkerTransport.DRAIN_TIMEOUT_MS, WorkerTransport.DRAIN_TIMEOUT_RULE)
            .relation(WorkerTransport::checkCurvePair)
            .relation(WorkerSettings::from);

    private static String modelProblem(String m) {
        if (m.isEmpty()) {
            return null;
        }
        if (m.startsWith(EmbeddedModels.SCHEME)) {
            return EmbeddedModels.byUri(m) != null ? null : "unknown embedded model (expected "
                    + EmbeddedModels.FRONT_128.uri() + " or " + EmbeddedModels.BACK_256.uri() + ")";
        }
        return SettingRule.existingFile().problem(m);
    }

    private final String broker;
    private final String workerName;
    private final String modelName;
    private final String model;
    private final DecoderKind decoder;
    private final int inputSize;
    private final float scoreThreshold;
    private final float nmsThreshold;
    private final Path labels;
    private final int intraOpThreads;
    private final int slots;
    private final ExecutionProvider executionProvider;
    private final int cudaDevice;

    private WorkerSettings(Function<String, String> lookup) {
        broker = text(lookup, BROKER, "tcp://127.0.0.1:5556");
        if (!broker.matches("(tcp|ipc|inproc)://.+")) {
            throw new WorkerConfigException(BROKER, "expected a ZeroMQ address like tcp://127.0.0.1:5556, got '" + broker + "'");
        }
        String name = text(lookup, NAME, "");
        workerName = name.isEmpty() ? "worker-" + ManagementFactory.getRuntimeMXBean().getPid() : name;
        if (workerName.length() > 128) {
            throw new WorkerConfigException(NAME, "at most 128 characters");
        }
        modelName = text(lookup, MODEL_NAME, "blazeface");
        if (modelName.isEmpty() || modelName.length() > 128 || modelName.contains(",")) {
            throw new WorkerConfigException(MODEL_NAME, "must be 1..128 characters without commas, got '" + modelName + "'");
        }
        String m = text(lookup, MODEL, "");
        if (m.isEmpty()) {
            model = EmbeddedModels.FRONT_128.uri();
        } else if (m.startsWith(EmbeddedModels.SCHEME)) {
            if (EmbeddedModels.byUri(m) == null) {
                throw new WorkerConfigException(MODEL, "unknown embedded model '" + m + "' (expected "
                        + EmbeddedModels.FRONT_128.uri() + " or " + EmbeddedModels.BACK_256.uri() + ")");
            }
            model = m;
        } else {
            Path p = Path.of(m);
            if (!Files.isRegularFile(p)) {
                throw new WorkerConfigException(MODEL, "model file not found: " + p.toAbsolutePath());
            }
            if (!Files.isReadable(p)) {
                throw new WorkerConfigException(MODEL, "model file not readable: " + p.toAbsolutePath());
            }
            model = p.toString();
        }
        String d = text(lookup, DECODER, "blazeface");
        decoder = DecoderKind.parse(d);
        if (decoder == null) {
            throw new WorkerConfigException(DECODER, "unknown decoder '" + d + "' (expected blazeface, yolo or raw)");
        }
        inputSize = integer(lookup, INPUT_SIZE, 0, 0, 8192);
        scoreThreshold = fraction(lookup, SCORE_THRESHOLD, decoder.defaultScoreThreshold());
        nmsThreshold = fraction(lookup, NMS_THRESHOLD, 0.3f);
        String l = text(lookup, LABELS, "");
        if (l.isEmpty()) {
            labels = null;
        } else {
            labels = Path.of(l);
            if (!Files.isRegularFile(labels)) {
                throw new WorkerConfigException(LABELS, "labels file not found: " + labels.toAbsolutePath());
            }
        }
        intraOpThreads = integer(lookup, INTRA_OP_THREADS, 1, 1, 256);
        slots = integer(lookup, SLOTS, 1, 1, 1024);
        String ep = text(lookup, EXECUTION_PROVIDER, "cpu");
        executionProvider = ExecutionProvider.parse(ep.isEmpty() ? "cpu" : ep);
        if (executionProvider == null) {
            throw new WorkerConfigException(EXECUTION_PROVIDER, "unknown execution provider '" + ep
                    + "' (expected cpu or cuda)");
        }
        cudaDevice = integer(lookup, CUDA_DEVICE, 0, 0, 255);
        if (!executionProvider.isAvailable()) {
            throw new WorkerConfigException(EXECUTION_PROVIDER, executionProvider.id() + ": the CUDA execution "
                    + "provider is not in this onnxruntime jar (the CPU build); build the worker with -Pgpu "
                    + "(onnxruntime_gpu, docs/ops/gpu.md) or use cpu");
        }
    }

    /** Reads and validates every setting; throws {@link WorkerConfigException} on the first problem. */
    public static WorkerSettings from(Function<String, String> lookup) {
        return new WorkerSettings(lookup);
    }

    /** The environment variable that overrides a property: river.worker.slots -> RIVER_WORKER_SLOTS. */
    public static String environmentVariable(String key) {
        return ServiceSettings.envName(key);
    }

    private static String text(Function<String, String> lookup, String key, String def) {
        String v = lookup.apply(key);
        return v == null ? def : v.trim();
    }

    private static int integer(Function<String, String> lookup, String key, int def, int min, int max) {
        String v = text(lookup, key, "");
        if (v.isEmpty()) {
            return def;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw new WorkerConfigException(key, "must be between " + min + " and " + max + ", got " + i);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new WorkerConfigException(key, "not an integer: '" + v + "'");
        }
    }

    private static float fraction(Function<String, String> lookup, String key, float def) {
        String v = text(lookup, key, "");
        if (v.isEmpty()) {
            return def;
        }
        try {
            float f = Float.parseFloat(v);
            if (!(f >= 0f && f <= 1f)) {
                throw new WorkerConfigException(key, "must be between 0 and 1, got " + v);
            }
            return f;
        } catch (NumberFormatException e) {
            throw new WorkerConfigException(key, "not a number: '" + v + "'");
        }
    }

    public String broker() {
        return broker;
    }

    public String workerName() {
        return workerName;
    }

    public String modelName() {
        return modelName;
    }

    /** A file path or an embedded model URI ({@code embedded:blazeface-front-128}). */
    public String model() {
        return model;
    }

    public DecoderKind decoder() {
        return decoder;
    }

    /** The configured input size, 0 when it is to be read from the model. */
    public int inputSize() {
        return inputSize;
    }

    public float scoreThreshold() {
        return scoreThreshold;
    }

    public float nmsThreshold() {
        return nmsThreshold;
    }

    /** The labels file, or null. */
    public Path labels() {
        return labels;
    }

    public int intraOpThreads() {
        return intraOpThreads;
    }

    public int slots() {
        return slots;
    }

    /** Where ONNX Runtime runs the model (cpu by default). */
    public ExecutionProvider executionProvider() {
        return executionProvider;
    }

    /** The CUDA device id, used with the cuda execution provider. */
    public int cudaDevice() {
        return cudaDevice;
    }

    @Override
    public String toString() {
        return "worker " + workerName + " broker=" + broker + " model-name=" + modelName + " model=" + model
                + " decoder=" + decoder.id() + " input-size=" + (inputSize == 0 ? "from model" : inputSize)
                + " score-threshold=" + scoreThreshold + " nms-threshold=" + nmsThreshold
                + (labels == null ? "" : " labels=" + labels) + " intra-op-threads=" + intraOpThreads
                + " slots=" + slots + " execution-provider=" + executionProvider.id()
                + (executionProvider == ExecutionProvider.CUDA ? " cuda-device=" + cudaDevice : "");
    }
}
