package dev.river.worker;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The yolo decoder on a tiny model whose output [1, 4+2, 4] is a constant chosen here. Input 64x64; the
 * request is a 128x64 image, so the letterbox is scale 0.5, padX 0, padY 16: source = (model - pad) / 0.5.
 */
class YoloDecoderTest extends WorkerTestSupport {

    /** Columns: a person, a weaker duplicate of it, a car at the same place, a candidate under the threshold. */
    static final float[][] OUTPUT = {
        {32f, 33f, 33f, 10f},      // cx
        {32f, 32f, 32f, 50f},      // cy
        {20f, 20f, 20f, 4f},       // w
        {10f, 10f, 10f, 4f},       // h
        {0.9f, 0.8f, 0.1f, 0.2f},  // person
        {0.1f, 0.05f, 0.7f, 0.1f}, // car
    };

    static Path model(String names) {
        try {
            Path dir = Files.createTempDirectory("river-yolo");
            dir.toFile().deleteOnExit();
            Path file = TinyOnnxModels.constantDetector(dir.resolve("tiny-yolo.onnx"), 64, OUTPUT, names);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void workerProperties(Properties p) {
        p.setProperty(WorkerSettings.MODEL_NAME, "yolo");
        p.setProperty(WorkerSettings.MODEL, model("{0: 'person', 1: 'car'}").toString());
        p.setProperty(WorkerSettings.DECODER, "yolo");
    }

    static byte[] wideImage() {
        return png(new BufferedImage(128, 64, BufferedImage.TYPE_INT_RGB));
    }

    @Test
    void keepsTheBestBoxPerClassAndMapsItBackThroughTheLetterbox() {
        Reply reply = infer("yolo", null, wideImage());

        assertEquals("OK", reply.status(), reply.error());
        assertEquals(128, reply.result().get("width").asInt());
        assertEquals(64, reply.result().get("height").asInt());
        JsonNode d = reply.detections();
        assertEquals(2, d.size(), d.toString());
        assertDetection(d.get(0), "person", 0.9, 44, 22, 40, 20);
        assertDetection(d.get(1), "car", 0.7, 46, 22, 40, 20);
    }

    @Test
    void readsTheInputLayoutAndSizeFromTheModel() {
        assertEquals(64, runtime().defaultModel().model().inputSize());
        assertEquals(dev.river.worker.model.InputLayout.NCHW, runtime().defaultModel().model().layout());
    }

    static void assertDetection(JsonNode d, String label, double score, double x, double y, double w, double h) {
        assertEquals(label, d.get("label").asText());
        assertEquals(score, d.get("score").asDouble(), 1e-4);
        assertEquals(x, d.get("box").get("x").asDouble(), 1e-3, d.toString());
        assertEquals(y, d.get("box").get("y").asDouble(), 1e-3, d.toString());
        assertEquals(w, d.get("box").get("w").asDouble(), 1e-3, d.toString());
        assertEquals(h, d.get("box").get("h").asDouble(), 1e-3, d.toString());
    }
}
