package dev.river.worker.decode;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

/** A decoded result: writes its fields (e.g. {@code "detections":[...]}) into the result JSON object. */
public interface DecodedOutput {

    void writeFields(JsonGenerator json) throws IOException;

    /** The same fields into the worker's reusable reply writer (default: through Jackson). */
    default void writeFields(JsonOut out) throws IOException {
        out.jacksonFields(this);
    }
}
