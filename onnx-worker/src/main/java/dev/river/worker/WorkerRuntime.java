package dev.river.worker;

import java.util.Map;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.river.worker.decode.BlazeFaceDecoder;
import dev.river.worker.decode.LabelNames;
import dev.river.worker.decode.ModelDecoder;
import dev.river.worker.decode.RawDecoder;
import dev.river.worker.decode.YoloDecoder;
import dev.river.worker.model.OnnxModel;
import dev.river.worker.model.Preprocessor;
import dev.river.worker.model.Slot;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the worker's processors share: settings, the ONNX Runtime environment, the loaded models
 * (one session each) and the counters. Models load in the constructor so that configuration problems stop
 * the worker before it tells the broker it is READY.
 */
public final class WorkerRuntime extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerRuntime.class);

    private final WorkerSettings settings;
    private final Map<String, LoadedModel> models;
    private final WorkerStats stats = new WorkerStats();
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    public WorkerRuntime(WorkerSettings settings) {
        this.settings = settings;
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "river-worker");
        OnnxModel model = OnnxModel.load(env, settings.modelName(), settings.model(), settings.inputSize(),
                settings.intraOpThreads(), settings.slots(), settings.executionProvider(), settings.cudaDevice());
        try {
            this.models = Map.of(settings.modelName(), new LoadedModel(model, preprocessor(settings.decoder()),
                    decoder(settings, model)));
        } catch (RuntimeException e) {
            closeQuietly(model);
            throw e;
        }
        warmUp(model);
        LOG.info("Loaded model {} from {}: input {} {} {}x{}, outputs {}, decoder {}, execution provider {}",
                model.name(), model.source(), model.inputName(), model.layout(), model.inputSize(), model.inputSize(),
                model.outputNames(), settings.decoder().id(), settings.executionProvider().id());
    }

    /** One inference on a blank input, so the first real frame does not pay ONNX Runtime's first-run costs. */
    private static void warmUp(OnnxModel model) {
        try {
            Slot slot = model.acquire();
            try (OrtSession.Result ignored = model.run(slot)) {
                LOG.debug("Warm-up run of {} done", model.name());
            } finally {
                model.release(slot);
            }
        } catch (OrtException e) {
            closeQuietly(model);
            throw new WorkerConfigException(WorkerSettings.MODEL, "ONNX Runtime cannot run " + model.source() + ": "
                    + e.getMessage(), e);
        }
    }

    private static Preprocessor preprocessor(DecoderKind kind) {
        return switch (kind) {
            case BLAZEFACE -> new Preprocessor(-1f, 1f, 0);
            case YOLO -> new Preprocessor(0f, 1f, 114);
            case RAW -> new Preprocessor(0f, 1f, 0);
        };
    }

    private static ModelDecoder decoder(WorkerSettings s, OnnxModel model) {
        return switch (s.decoder()) {
            case BLAZEFACE -> new BlazeFaceDecoder(model, s.scoreThreshold(), s.nmsThreshold());
            case YOLO -> new YoloDecoder(model, LabelNames.resolve(s.labels(), model.customMetadata()),
                    s.scoreThreshold(), s.nmsThreshold());
            case RAW -> new RawDecoder();
        };
    }

    public WorkerSettings settings() {
        return settings;
    }

    public WorkerStats stats() {
        return stats;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** The model with that name, or null. */
    public LoadedModel model(String name) {
        return models.get(name);
    }

    /** The model served when a request names none. */
    public LoadedModel defaultModel() {
        return models.get(settings.modelName());
    }

    /** Comma-separated model names, as announced in READY. */
    public String modelNames() {
        return String.join(",", models.keySet());
    }

    @Override
    protected void doStop() {
        LOG.info("Worker {} counters {}", settings.workerName(), stats);
    }

    @Override
    protected void doShutdown() {
        models.values().forEach(m -> closeQuietly(m.model()));
    }

    private static void closeQuietly(OnnxModel model) {
        try {
            model.close();
        } catch (OrtException e) {
            LOG.debug("Closing {} failed", model.name(), e);
        }
    }
}
