package dev.river.serve.media;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_image_copy_to_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

/**
 * One stream's H264 decoder (FFmpeg avcodec), kept for the stream's life, and the swscale pass that turns each
 * picture into the output format in one go (letterboxed RGB24 for a model, or full frames). Resolution changes are
 * followed; after a decode error access units are skipped until the next keyframe. {@link #close()} releases all
 * native memory. Not thread safe: one thread at a time.
 */
public final class H264StreamDecoder implements AutoCloseable {

    private static final int EAGAIN = -11;
    /** AV_FRAME_FLAG_CORRUPT (libavutil/frame.h), not exported by the presets. */
    private static final int AV_FRAME_FLAG_CORRUPT = 1;

    private final FrameFormat format;
    private final ScaleAlgorithm scaleAlgorithm;
    private final int modelWidth;
    private final int modelHeight;
    private final DecoderCounters counters;

    private AVCodecContext context;
    private AVPacket packet;
    private AVFrame frame;
    private SwsContext sws;
    private BytePointer input;
    private long inputCapacity;
    private BytePointer output;
    private long outputCapacity;
    private final PointerPointer<BytePointer> outputPlanes = new PointerPointer<>(4);
    private final IntPointer outputStrides = new IntPointer(4);

    private Letterbox geometry;
    private int sourceFormat = -1;
    private boolean waitingForKeyframe = true;
    private long lastUsedNanos = System.nanoTime();

    public H264StreamDecoder(FrameFormat format, int modelWidth, int modelHeight, int threads,
            DecoderCounters counters) {
        this(format, modelWidth, modelHeight, threads, ScaleAlgorithm.fast_bilinear, counters);
    }

    public H264StreamDecoder(FrameFormat format, int modelWidth, int modelHeight, int threads,
            ScaleAlgorithm scaleAlgorithm, DecoderCounters counters) {
        this.scaleAlgorithm = scaleAlgorithm;
        this.format = format;
        this.modelWidth = modelWidth;
        this.modelHeight = modelHeight;
        this.counters = counters;
        AVCodec codec = avcodec_find_decoder(AV_CODEC_ID_H264);
        if (codec == null || codec.isNull()) {
            throw new IllegalStateException("FFmpeg has no H264 decoder");
        }
        context = avcodec_alloc_context3(codec);
        context.thread_count(threads);
        context.flags(context.flags() | AV_CODEC_FLAG_LOW_DELAY);
        int ret = avcodec_open2(context, codec, (PointerPointer<?>) null);
        if (ret < 0) {
            close();
            throw new IllegalStateException("avcodec_open2 failed: " + ret);
        }
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        counters.streamsOpened.increment();
    }

    public long lastUsedNanos() {
        return lastUsedNanos;
    }

    /**
     * Decodes one Annex-B access unit.
     *
     * @return the picture, or null when there is none yet (decoder delay), or the unit was skipped or failed
     */
    public DecodedFrame decode(byte[] accessUnit, int length, long timestamp, boolean keyframe) {
        lastUsedNanos = System.nanoTime();
        if (context == null) {
            throw new IllegalStateException("decoder closed");
        }
        if (waitingForKeyframe && !keyframe) {
            counters.framesSkipped.increment();
            return null;
        }
        ensureInput(length);
        input.position(0).put(accessUnit, 0, length);
        packet.data(input).size(length).pts(timestamp).dts(timestamp);
        int ret = avcodec_send_packet(context, packet);
        packet.data(null).size(0);
        if (ret < 0 && ret != EAGAIN) {
            return failed();
        }
        waitingForKeyframe = false;
        DecodedFrame result = null;
        while (true) {
            ret = avcodec_receive_frame(context, frame);
            if (ret == EAGAIN || ret == org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF) {
                break;
            }
            if (ret < 0) {
                return failed();
            }
            if (frame.decode_error_flags() != 0 || (frame.flags() & AV_FRAME_FLAG_CORRUPT) != 0) {
                return failed();
            }
            result = convert(keyframe);
        }
        if (result == null) {
            counters.framesPending.increment();
        } else {
            counters.framesDecoded.increment();
        }
        return result;
    }

    private DecodedFrame failed() {
        counters.decodeErrors.increment();
        waitingForKeyframe = true;
        return null;
    }

    private DecodedFrame convert(boolean keyframe) {
        int width = frame.width();
        int height = frame.height();
        int pixelFormat = frame.format();
        if (geometry == null || geometry.sourceWidth() != width || geometry.sourceHeight() != height
            || pixelFormat != sourceFormat) {
            if (geometry != null) {
                counters.resolutionChanges.increment();
            }
            configure(width, height, pixelFormat);
        }
        long pts = frame.best_effort_timestamp() != org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE
                ? frame.best_effort_timestamp() : frame.pts();
        byte[] pixels;
        if (format == FrameFormat.yuv420p && (pixelFormat == AV_PIX_FMT_YUV420P || pixelFormat == AV_PIX_FMT_YUVJ420P)) {
            int size = width * height + 2 * ((width + 1) / 2) * ((height + 1) / 2);
            av_image_copy_to_buffer(output, size, frame.data(), frame.linesize(), pixelFormat, width, height, 1);
            pixels = new byte[size];
        } else {
            sws_scale(sws, frame.data(), frame.linesize(), 0, height, outputPlanes, outputStrides);
            pixels = new byte[(int) outputSize()];
        }
        output.position(0).get(pixels);
        return new DecodedFrame(pixels, format, pts, keyframe, geometry);
    }

    private void configure(int width, int height, int pixelFormat) {
        sourceFormat = pixelFormat;
        geometry = format == FrameFormat.letterbox ? Letterbox.fit(width, height, modelWidth, modelHeight)
                : Letterbox.none(width, height);
        long size = outputSize();
        if (size > outputCapacity) {
            if (output != null) {
                av_free(output);
            }
            output = new BytePointer(av_malloc(size)).capacity(size);
            outputCapacity = size;
        }
        // letterbox bars (black); later frames only write the picture area
        Pointer.memset(output.position(0), 0, size);
        int targetFormat = format == FrameFormat.yuv420p ? AV_PIX_FMT_YUV420P : AV_PIX_FMT_RGB24;
        sws = sws_getCachedContext(sws, width, height, pixelFormat, geometry.scaledWidth(), geometry.scaledHeight(),
                targetFormat, scaleAlgorithm.flags(), null, null, (double[]) null);
        if (sws == null || sws.isNull()) {
            throw new IllegalStateException("swscale cannot convert " + width + "x" + height + " format " + pixelFormat);
        }
        if (format == FrameFormat.yuv420p) {
            int w = geometry.width();
            int h = geometry.height();
            int cw = (w + 1) / 2;
            outputPlanes.put(0, new BytePointer(output).position(0));
            outputPlanes.put(1, new BytePointer(output).position((long) w * h));
            outputPlanes.put(2, new BytePointer(output).position((long) w * h + (long) cw * ((h + 1) / 2)));
            outputStrides.put(0, w).put(1, cw).put(2, cw);
        } else {
            long offset = ((long) geometry.padY() * geometry.width() + geometry.padX()) * 3;
            outputPlanes.put(0, new BytePointer(output).position(offset));
            outputStrides.put(0, geometry.width() * 3);
        }
    }

    private long outputSize() {
        int w = geometry.width();
        int h = geometry.height();
        return format == FrameFormat.yuv420p ? (long) w * h + 2L * ((w + 1) / 2) * ((h + 1) / 2) : (long) w * h * 3;
    }

    private void ensureInput(int length) {
        long needed = length + (long) AV_INPUT_BUFFER_PADDING_SIZE;
        if (needed > inputCapacity) {
            if (input != null) {
                av_free(input);
            }
            long capacity = Math.max(needed, inputCapacity * 2);
            input = new BytePointer(av_malloc(capacity)).capacity(capacity);
            inputCapacity = capacity;
        }
        // the padding after the data must be zero for the bitstream reader
        Pointer.memset(input.position(length), 0, AV_INPUT_BUFFER_PADDING_SIZE);
        input.position(0);
    }

    @Override
    public void close() {
        if (context != null) {
            avcodec_free_context(context);
            context = null;
            counters.streamsClosed.increment();
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        if (input != null) {
            av_free(input);
            input = null;
        }
        if (output != null) {
            av_free(output);
            output = null;
        }
        outputPlanes.close();
        outputStrides.close();
    }
}
