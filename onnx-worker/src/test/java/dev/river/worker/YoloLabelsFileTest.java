package dev.river.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A labels file wins over the model's names metadata. */
class YoloLabelsFileTest extends WorkerTestSupport {

    @Override
    protected void workerProperties(Properties p) {
        try {
            Path labels = Files.createTempFile("river-labels", ".txt");
            labels.toFile().deleteOnExit();
            Files.writeString(labels, "pedestrian\nvehicle\n");
            p.setProperty(WorkerSettings.MODEL, YoloDecoderTest.model("{0: 'person', 1: 'car'}").toString());
            p.setProperty(WorkerSettings.DECODER, "yolo");
            p.setProperty(WorkerSettings.LABELS, labels.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void namesClassesFromTheLabelsFile() {
        Reply reply = infer(null, null, YoloDecoderTest.wideImage());

        assertEquals("pedestrian", reply.detections().get(0).get("label").asText());
        assertEquals("vehicle", reply.detections().get(1).get("label").asText());
    }
}
