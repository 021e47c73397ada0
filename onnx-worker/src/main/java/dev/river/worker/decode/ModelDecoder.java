package dev.river.worker.decode;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.river.worker.model.Letterbox;

/**
 * Turns a model's raw output tensors into a result. Implementations check at construction that the model's
 * outputs have the shapes they understand, and are thread safe.
 */
public interface ModelDecoder {

    /** The decoder id ({@code blazeface}, {@code yolo}, {@code raw}). */
    String id();

    /**
     * Decodes one inference result.
     *
     * @param outputs   the session's outputs (closed by the caller)
     * @param letterbox how the source frame was placed in the model input; results are mapped back through it
     */
    DecodedOutput decode(OrtSession.Result outputs, Letterbox letterbox) throws OrtException;
}
