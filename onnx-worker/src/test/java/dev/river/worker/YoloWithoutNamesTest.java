package dev.river.worker;

import java.util.List;
import java.util.Properties;

import dev.river.worker.decode.LabelNames;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Without a labels file or names metadata, classes are called class&lt;i&gt;. */
class YoloWithoutNamesTest extends WorkerTestSupport {

    @Override
    protected void workerProperties(Properties p) {
        p.setProperty(WorkerSettings.MODEL, YoloDecoderTest.model(null).toString());
        p.setProperty(WorkerSettings.DECODER, "yolo");
    }

    @Test
    void namesClassesByIndex() {
        Reply reply = infer(null, null, YoloDecoderTest.wideImage());

        assertEquals("class0", reply.detections().get(0).get("label").asText());
        assertEquals("class1", reply.detections().get(1).get("label").asText());
    }

    @Test
    void parsesUltralyticsNamesMetadataWithGapsFilled() {
        assertEquals(List.of("person", "class1", "traffic light"),
                LabelNames.parseNames("{0: 'person', 2: \"traffic light\"}"));
    }
}
