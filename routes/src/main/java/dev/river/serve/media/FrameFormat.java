package dev.river.serve.media;

/** What {@link H264FrameDecoder} produces from each decoded picture. */
public enum FrameFormat {
    /** RGB24 letterboxed to the model input size: what onnx-worker's rgb24 payload wants. */
    letterbox,
    /** RGB24 at the frame's own size. */
    rgb24,
    /** Planar YUV 4:2:0 at the frame's own size, as the decoder produced it (bit exact, for comparisons). */
    yuv420p
}
