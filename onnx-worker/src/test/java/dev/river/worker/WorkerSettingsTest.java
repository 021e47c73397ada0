package dev.river.worker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OrtEnvironment;
import dev.river.worker.model.EmbeddedModels;
import dev.river.worker.model.OnnxModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings: defaults, precedence (option > environment > file) and one clear message per mistake. */
class WorkerSettingsTest {

    private static WorkerSettings settings(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return WorkerSettings.from(m::get);
    }

    private static String problem(String... keyValues) {
        return assertThrows(WorkerConfigException.class, () -> settings(keyValues)).getMessage();
    }

    @Test
    void defaultsToTheEmbeddedFrontModelOnTheLocalBroker() {
        WorkerSettings s = settings();
        assertEquals("tcp://127.0.0.1:5556", s.broker());
        assertEquals("blazeface", s.modelName());
        assertEquals(EmbeddedModels.FRONT_128.uri(), s.model());
        assertEquals(DecoderKind.BLAZEFACE, s.decoder());
        assertEquals(0.5f, s.scoreThreshold());
        assertEquals(0.3f, s.nmsThreshold());
        assertEquals(1, s.intraOpThreads());
        assertEquals(1, s.slots());
        assertTrue(s.workerName().startsWith("worker-"));
    }

    @Test
    void usesTheDecodersOwnDefaultScoreThreshold() {
        assertEquals(0.25f, settings(WorkerSettings.DECODER, "yolo").scoreThreshold());
    }

    @Test
    void namesThePropertyOfAnUnknownDecoder() {
        assertEquals("invalid setting river.worker.decoder: unknown decoder 'ssd' (expected blazeface, yolo or raw)",
                problem(WorkerSettings.DECODER, "ssd"));
    }

    @Test
    void namesThePropertyOfAMissingModelFile() {
        assertTrue(problem(WorkerSettings.MODEL, "/nonexistent/model.onnx")
                .startsWith("invalid setting river.worker.model: model file not found: /nonexistent/model.onnx"));
    }

    @Test
    void namesThePropertyOfOutOfRangeNumbers() {
        assertEquals("invalid setting river.worker.slots: must be between 1 and 1024, got 0", problem(WorkerSettings.SLOTS, "0"));
        assertEquals("invalid setting river.worker.score-threshold: must be between 0 and 1, got 1.5",
                problem(WorkerSettings.SCORE_THRESHOLD, "1.5"));
        assertEquals("invalid setting river.worker.intra-op-threads: not an integer: 'many'",
                problem(WorkerSettings.INTRA_OP_THREADS, "many"));
        assertTrue(problem(WorkerSettings.LABELS, "/nonexistent/labels.txt").startsWith("invalid setting river.worker.labels:"));
        assertTrue(problem(WorkerSettings.BROKER, "localhost:5556").startsWith("invalid setting river.worker.broker:"));
    }

    @Test
    void refusesKeyTextTheWorkerRoutesEndpointUriCannotCarry() {
        String key = "00)&0" + "00000".repeat(7); // valid Z85 (32 bytes) with the ")&" that ends a RAW(...) value
        assertTrue(String.valueOf(WorkerTransport.SERVER_KEY_RULE.problem(key)).startsWith(
                "this Z85 key text holds ')&', which a Camel endpoint URI cannot carry intact; give the key as its file"));
        assertTrue(String.valueOf(WorkerTransport.SECRET_KEY_RULE.problem("0000{{" + "0".repeat(34)))
                .contains("holds '{{'"));
        assertNull(WorkerTransport.SERVER_KEY_RULE.problem(""), "no CURVE");
    }

    @Test
    void takesCommandLineOptionsOverEnvironmentOverTheProperties() {
        Map<String, String> overrides = new HashMap<>();
        List<String> rest = new ArrayList<>();
        WorkerApplication.parseArgs(new String[] {"--river.worker.slots=3", "-v"}, overrides, rest);
        Map<String, String> env = Map.of("RIVER_WORKER_SLOTS", "2", "RIVER_WORKER_NMS_THRESHOLD", "0.4");

        WorkerSettings s = WorkerApplication.validate(overrides, env::get, System.err);

        assertEquals(3, s.slots());
        assertEquals(0.4f, s.nmsThreshold());
        assertEquals("blazeface", s.modelName());
        assertEquals(List.of("-v"), rest);
        assertEquals("RIVER_WORKER_MODEL_NAME", WorkerSettings.environmentVariable("river.worker.model-name"));
    }

    @Test
    void printsOneLineNamingThePropertyWhenTheConfigurationIsInvalid() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> overrides = Map.of(WorkerSettings.DECODER, "ssd");

        assertThrows(WorkerConfigException.class, () -> WorkerApplication.validate(overrides, k -> null,
                new PrintStream(err, true, StandardCharsets.UTF_8)));

        String out = err.toString(StandardCharsets.UTF_8);
        assertEquals("river-onnx-worker: invalid setting river.worker.decoder: unknown decoder 'ssd' "
                + "(expected blazeface, yolo or raw)", out.strip());
    }

    @Test
    void namesTheModelPropertyWhenTheFileIsNotAnOnnxModel(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model");
        WorkerConfigException e = assertThrows(WorkerConfigException.class,
                () -> OnnxModel.load(OrtEnvironment.getEnvironment(), "m", junk.toString(), 0, 1, 1));
        assertTrue(e.getMessage().startsWith("invalid setting river.worker.model: ONNX Runtime cannot load " + junk), e.getMessage());
    }

    @Test
    void namesTheDecoderPropertyWhenTheModelOutputsDoNotFitTheDecoder(@TempDir Path dir) throws IOException {
        Path yolo = TinyOnnxModels.constantDetector(dir.resolve("y.onnx"), 64, YoloDecoderTest.OUTPUT, null);
        WorkerConfigException e = assertThrows(WorkerConfigException.class,
                () -> new WorkerRuntime(settings(WorkerSettings.MODEL, yolo.toString())));
        assertTrue(e.getMessage().startsWith("invalid setting river.worker.decoder: blazeface needs"), e.getMessage());
    }

    @Test
    void namesTheInputSizePropertyWhenItContradictsTheModel() {
        WorkerConfigException e = assertThrows(WorkerConfigException.class,
                () -> new WorkerRuntime(settings(WorkerSettings.INPUT_SIZE, "320")));
        assertTrue(e.getMessage().startsWith("invalid setting river.worker.input-size: is 320 but the model"), e.getMessage());
    }
}
