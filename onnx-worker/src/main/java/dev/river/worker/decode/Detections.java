package dev.river.worker.decode;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

/** A list of detections, written as {@code "detections":[{label,score,box{x,y,w,h},keypoints[{x,y}]}]}. */
public record Detections(List<Detection> list) implements DecodedOutput {

    @Override
    public void writeFields(JsonGenerator json) throws IOException {
        json.writeArrayFieldStart("detections");
        for (Detection d : list) {
            json.writeStartObject();
            json.writeStringField("label", d.label());
            json.writeNumberField("score", round(d.score(), 10000));
            json.writeObjectFieldStart("box");
            json.writeNumberField("x", round(d.x(), 100));
            json.writeNumberField("y", round(d.y(), 100));
            json.writeNumberField("w", round(d.w(), 100));
            json.writeNumberField("h", round(d.h(), 100));
            json.writeEndObject();
            if (d.keypoints().length > 0) {
                json.writeArrayFieldStart("keypoints");
                float[] k = d.keypoints();
                for (int i = 0; i + 1 < k.length; i += 2) {
                    json.writeStartObject();
                    json.writeNumberField("x", round(k[i], 100));
                    json.writeNumberField("y", round(k[i + 1], 100));
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    static double round(float v, int factor) {
        return Math.round((double) v * factor) / (double) factor;
    }
}
