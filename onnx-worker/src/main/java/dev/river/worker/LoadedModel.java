package dev.river.worker;

import dev.river.worker.decode.ModelDecoder;
import dev.river.worker.model.OnnxModel;
import dev.river.worker.model.Preprocessor;

/** A served model: the session, how to fill its input, and how to read its output. */
public record LoadedModel(OnnxModel model, Preprocessor preprocessor, ModelDecoder decoder) {
}
