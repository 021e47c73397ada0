package dev.river.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The raw decoder on an echo model (output {@code pixels} = its NCHW input, {@code answer} = [4, 2]): shows
 * both the tensors coming back and exactly what preprocessing fed the model.
 */
class RawDecoderTest extends WorkerTestSupport {

    @Override
    protected void workerProperties(Properties p) {
        try {
            Path dir = Files.createTempDirectory("river-raw");
            dir.toFile().deleteOnExit();
            Path model = TinyOnnxModels.echo(dir.resolve("echo.onnx"), 2);
            model.toFile().deleteOnExit();
            p.setProperty(WorkerSettings.MODEL_NAME, "echo");
            p.setProperty(WorkerSettings.MODEL, model.toString());
            p.setProperty(WorkerSettings.DECODER, "raw");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void returnsEveryOutputTensorWithShapeAndData() {
        byte[] pixels = {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255, (byte) 51, (byte) 102, (byte) 204};
        Reply reply = infer("echo", "{\"format\":\"rgb24\",\"width\":2,\"height\":2}", pixels);

        assertEquals("OK", reply.status(), reply.error());
        JsonNode outputs = reply.result().get("outputs");
        assertNull(reply.result().get("detections"));
        assertEquals("[2]", outputs.get("answer").get("shape").toString());
        assertEquals("[4.0,2.0]", outputs.get("answer").get("data").toString());
        assertEquals("[1,3,2,2]", outputs.get("pixels").get("shape").toString());
        // NCHW planes R, G, B of the four pixels, scaled to [0,1]
        float[] expected = {1, 0, 0, 0.2f, 0, 1, 0, 0.4f, 0, 0, 1, 0.8f};
        JsonNode data = outputs.get("pixels").get("data");
        assertEquals(expected.length, data.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], data.get(i).floatValue(), 1e-6, "value " + i + " of " + data);
        }
    }
}
