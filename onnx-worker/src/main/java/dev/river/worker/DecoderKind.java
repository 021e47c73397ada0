package dev.river.worker;

import java.util.Locale;

/** The model decoders the worker ships with (setting {@code river.worker.decoder}). */
public enum DecoderKind {
    /** MediaPipe BlazeFace: anchors, sigmoid scores, 6 keypoints, weighted NMS; input NHWC RGB in [-1,1]. */
    BLAZEFACE(0.5f),
    /** Ultralytics YOLO export: output [1,4+C,N], per-class NMS; input NCHW RGB in [0,1], grey 114 letterbox. */
    YOLO(0.25f),
    /** No decoding: every output tensor is returned as shape + data; input RGB in [0,1] in the model's layout. */
    RAW(0.0f);

    private final float defaultScoreThreshold;

    DecoderKind(float defaultScoreThreshold) {
        this.defaultScoreThreshold = defaultScoreThreshold;
    }

    public float defaultScoreThreshold() {
        return defaultScoreThreshold;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a decoder id; returns null when unknown. */
    public static DecoderKind parse(String id) {
        for (DecoderKind k : values()) {
            if (k.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        return null;
    }
}
