package dev.river.serve.media;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.river.component.rtp.RtpConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Decodes H264 access unit exchanges (from {@link H264Reassembler}) into pixels: letterboxed RGB24 at the model's
 * input size by default, with the letterbox geometry in {@link MediaHeaders}, or full frames ({@link FrameFormat}).
 * <p>
 * One {@link H264StreamDecoder} per {@code CamelRtpStreamId}, kept for the stream's life and closed (native memory
 * released) by {@link #endStream}, after {@code streamIdleTimeoutMillis} without frames, or when the processor
 * stops. An access unit that gives no picture (decoder delay, error, waiting for a keyframe) stops its exchange
 * ({@code routeStop}); errors are counted, never thrown.
 */
public class H264FrameDecoder extends ServiceSupport implements Processor {

    private final DecoderCounters counters = new DecoderCounters();
    private final Map<String, H264StreamDecoder> streams = new ConcurrentHashMap<>();
    private FrameFormat format = FrameFormat.letterbox;
    private int width = 128;
    private int height = 128;
    private int threads = 1;
    private ScaleAlgorithm scaleAlgorithm = ScaleAlgorithm.fast_bilinear;
    private long streamIdleTimeoutMillis = 10_000;
    private volatile long lastIdleCheckNanos = System.nanoTime();

    public H264FrameDecoder() {
    }

    public H264FrameDecoder(FrameFormat format, int width, int height) {
        this.format = format;
        this.width = width;
        this.height = height;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        byte[] accessUnit = in.getBody(byte[].class);
        String streamId = in.getHeader(RtpConstants.STREAM_ID, "", String.class);
        long timestamp = in.getHeader(RtpConstants.TIMESTAMP, 0L, Long.class);
        boolean keyframe = in.getHeader(MediaHeaders.KEYFRAME, false, Boolean.class);
        DecodedFrame frame = null;
        if (accessUnit != null && accessUnit.length > 0) {
            H264StreamDecoder decoder = streams.computeIfAbsent(streamId,
                    id -> new H264StreamDecoder(format, width, height, threads, scaleAlgorithm, counters));
            synchronized (decoder) {
                if (streams.get(streamId) == decoder) {
                    frame = decoder.decode(accessUnit, accessUnit.length, timestamp, keyframe);
                }
            }
        } else {
            counters.decodeErrors.increment();
        }
        closeIdleStreams();
        if (frame == null) {
            exchange.setRouteStop(true);
            return;
        }
        Letterbox g = frame.geometry();
        in.setBody(frame.pixels());
        in.setHeader(RtpConstants.TIMESTAMP, frame.timestamp());
        in.setHeader(MediaHeaders.PIXEL_FORMAT, format == FrameFormat.yuv420p ? "yuv420p" : "rgb24");
        in.setHeader(MediaHeaders.WIDTH, g.width());
        in.setHeader(MediaHeaders.HEIGHT, g.height());
        in.setHeader(MediaHeaders.SOURCE_WIDTH, g.sourceWidth());
        in.setHeader(MediaHeaders.SOURCE_HEIGHT, g.sourceHeight());
        in.setHeader(MediaHeaders.SCALE, g.scale());
        in.setHeader(MediaHeaders.PAD_X, g.padX());
        in.setHeader(MediaHeaders.PAD_Y, g.padY());
        in.setHeader(MediaHeaders.DECODED_NANOS, System.nanoTime());
    }

    private void closeIdleStreams() {
        long now = System.nanoTime();
        if (now - lastIdleCheckNanos < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        lastIdleCheckNanos = now;
        long timeout = TimeUnit.MILLISECONDS.toNanos(streamIdleTimeoutMillis);
        streams.forEach((id, decoder) -> {
            if (now - decoder.lastUsedNanos() > timeout) {
                endStream(id);
            }
        });
    }

    /** Closes a stream's decoder and releases its native memory. */
    public void endStream(String streamId) {
        H264StreamDecoder decoder = streams.remove(streamId);
        if (decoder != null) {
            synchronized (decoder) {
                decoder.close();
            }
        }
    }

    @Override
    protected void doStop() {
        streams.keySet().forEach(this::endStream);
    }

    public DecoderCounters getCounters() {
        return counters;
    }

    public int getStreamCount() {
        return streams.size();
    }

    public FrameFormat getFormat() {
        return format;
    }

    /** letterbox (RGB24 at width x height, default), rgb24 or yuv420p (full frames at their own size). */
    public void setFormat(FrameFormat format) {
        this.format = format;
    }

    public int getWidth() {
        return width;
    }

    /** The model input width for letterbox (default 128). */
    public void setWidth(int width) {
        this.width = width;
    }

    public int getHeight() {
        return height;
    }

    /** The model input height for letterbox (default 128). */
    public void setHeight(int height) {
        this.height = height;
    }

    public int getThreads() {
        return threads;
    }

    /** Decoder threads per stream (default 1: streams run in parallel, each on one core). */
    public void setThreads(int threads) {
        this.threads = threads;
    }

    public ScaleAlgorithm getScaleAlgorithm() {
        return scaleAlgorithm;
    }

    /** The swscale filter: fast_bilinear (default), bilinear, area or bicubic. */
    public void setScaleAlgorithm(ScaleAlgorithm scaleAlgorithm) {
        this.scaleAlgorithm = scaleAlgorithm;
    }

    public long getStreamIdleTimeoutMillis() {
        return streamIdleTimeoutMillis;
    }

    /** A stream without frames for this long has its decoder closed (default 10 s). */
    public void setStreamIdleTimeoutMillis(long streamIdleTimeoutMillis) {
        this.streamIdleTimeoutMillis = streamIdleTimeoutMillis;
    }
}
