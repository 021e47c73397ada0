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

    /** Same output as {@link #writeFields(JsonGenerator)}, without Jackson's per-call objects. */
    @Override
    public void writeFields(JsonOut out) {
        out.field("detections").startArray();
        for (Detection d : list) {
            out.startObject();
            out.stringField("label", d.label());
            out.fixedField("score", units(d.score(), 10000), 4);
            out.field("box").startObject();
            out.fixedField("x", units(d.x(), 100), 2);
            out.fixedField("y", units(d.y(), 100), 2);
            out.fixedField("w", units(d.w(), 100), 2);
            out.fixedField("h", units(d.h(), 100), 2);
            out.endObject();
            if (d.keypoints().length > 0) {
                out.field("keypoints").startArray();
                float[] k = d.keypoints();
                for (int i = 0; i + 1 < k.length; i += 2) {
                    out.startObject();
                    out.fixedField("x", units(k[i], 100), 2);
                    out.fixedField("y", units(k[i + 1], 100), 2);
                    out.endObject();
                }
                out.endArray();
            }
            out.endObject();
        }
        out.endArray();
    }

    /** v * factor rounded: {@link #round} is this divided by factor. */
    static long units(float v, int factor) {
        return Math.round((double) v * factor);
    }

    static double round(float v, int factor) {
        return Math.round((double) v * factor) / (double) factor;
    }
}
