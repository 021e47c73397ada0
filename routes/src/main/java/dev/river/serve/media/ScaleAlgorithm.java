package dev.river.serve.media;

import org.bytedeco.ffmpeg.global.swscale;

/**
 * The swscale filter used to bring a decoded picture to the model input. The default, fast_bilinear, keeps decode +
 * letterbox within 10% of bare decoding; area gives smoother downscaling at some cost.
 */
public enum ScaleAlgorithm {
    fast_bilinear(swscale.SWS_FAST_BILINEAR),
    bilinear(swscale.SWS_BILINEAR),
    area(swscale.SWS_AREA),
    bicubic(swscale.SWS_BICUBIC);

    private final int flags;

    ScaleAlgorithm(int flags) {
        this.flags = flags;
    }

    int flags() {
        return flags;
    }
}
