package dev.river.serve.media;

/** One decoded picture in the decoder's output format, with the geometry that maps it back to the source. */
public record DecodedFrame(byte[] pixels, FrameFormat format, long timestamp, boolean keyframe, Letterbox geometry) {
}
