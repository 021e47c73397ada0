package dev.river.worker;

import java.awt.image.BufferedImage;
import java.nio.file.Files;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded default model, BlazeFace front 128x128, on the astronaut photo. */
class BlazeFaceFrontTest extends WorkerTestSupport {

    @Test
    void findsExactlyOneFaceAroundTheAstronautsRealFace() throws Exception {
        Reply reply = inferImage(Files.readAllBytes(ASTRONAUT));

        assertEquals("OK", reply.status());
        JsonNode result = reply.result();
        assertEquals("blazeface", result.get("model").asText());
        assertEquals("test-worker", result.get("worker").asText());
        assertEquals(512, result.get("width").asInt());
        assertEquals(512, result.get("height").asInt());
        assertEquals(1, reply.detections().size());
        FaceAssertions.assertAstronautFace(reply.detections().get(0), 0, 0);
    }

    @Test
    void findsTheSameFaceInALetterboxedRgb24Payload() throws Exception {
        JsonNode fromImage = inferImage(Files.readAllBytes(ASTRONAUT)).detections().get(0);
        Rgb24 rgb = rgb24(astronaut(), 128);

        Reply reply = infer("blazeface", rgb.metadata(), rgb.payload());

        assertEquals("OK", reply.status(), reply.error());
        assertEquals(1, reply.detections().size());
        FaceAssertions.assertSameBox(fromImage, reply.detections().get(0), 4);
    }

    @Test
    void mapsTheFaceBackThroughTheLetterboxOfAWideFrame() {
        BufferedImage wide = onCanvas(astronaut(), 768, 512, 128, 0);

        Reply image = inferImage(png(wide));
        Rgb24 rgb = rgb24(wide, 128);
        Reply raw = infer("blazeface", rgb.metadata(), rgb.payload());

        assertEquals(768, image.result().get("width").asInt());
        assertEquals(512, image.result().get("height").asInt());
        assertEquals(1, image.detections().size());
        // the face is 1.5x smaller in the model input than in the square photo: it scores lower
        FaceAssertions.assertAstronautFace(image.detections().get(0), 128, 0, 0.6);
        assertEquals(1, raw.detections().size());
        // one model pixel is 6 source pixels here: allow 1.5 model pixels between the two resamplings
        FaceAssertions.assertSameBox(image.detections().get(0), raw.detections().get(0), 9);
    }

    @Test
    void reusesItsInputBufferWithoutCarryingOverThePreviousFrame() throws Exception {
        byte[] face = Files.readAllBytes(ASTRONAUT);
        byte[] blank = png(onCanvas(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), 512, 512, -10, -10));

        assertEquals(0, inferImage(blank).detections().size());
        assertEquals(1, inferImage(face).detections().size());
        assertEquals(0, inferImage(blank).detections().size());
        assertEquals(1, inferImage(face).detections().size());
    }

    @Test
    void reportsWorkerModelAndTimingsInTheReplyMetadata() throws Exception {
        Reply reply = inferImage(Files.readAllBytes(ASTRONAUT));

        assertEquals("test-worker", reply.metadata().get("worker").asText());
        assertEquals("blazeface", reply.metadata().get("model").asText());
        for (String t : new String[] {"queueMs", "preprocessMs", "inferenceMs", "postprocessMs"}) {
            assertTrue(reply.metadata().get("timings").get(t).asDouble() >= 0, t);
            assertTrue(reply.result().get("timings").get(t).isNumber(), t);
        }
        assertEquals(1, runtime().stats().ok());
    }
}
