package dev.river.worker;

import java.nio.file.Files;
import java.util.Properties;

import dev.river.worker.model.EmbeddedModels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The embedded BlazeFace back 256x256 model: same 896-anchor outputs, scaled to 256. */
class BlazeFaceBackTest extends WorkerTestSupport {

    @Override
    protected void workerProperties(Properties p) {
        p.setProperty(WorkerSettings.MODEL, EmbeddedModels.BACK_256.uri());
    }

    @Test
    void readsItsInputSizeFromTheModel() {
        assertEquals(256, runtime().defaultModel().model().inputSize());
    }

    @Test
    void findsTheAstronautsFaceInTheImageAndInAnRgb24Payload() throws Exception {
        Reply image = inferImage(Files.readAllBytes(ASTRONAUT));
        Rgb24 rgb = rgb24(astronaut(), 256);
        Reply raw = infer("blazeface", rgb.metadata(), rgb.payload());

        assertEquals(1, image.detections().size(), image.result().toString());
        FaceAssertions.assertAstronautFace(image.detections().get(0), 0, 0);
        assertEquals(1, raw.detections().size());
        FaceAssertions.assertSameBox(image.detections().get(0), raw.detections().get(0), 4);
    }
}
