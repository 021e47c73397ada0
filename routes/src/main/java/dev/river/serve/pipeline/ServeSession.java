package dev.river.serve.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One stream's state in river-serve: its settings (delay, model), the outgoing RTP timestamp offset, frame numbering,
 * the requests it has in flight and the count of each frame status. Freed when the session ends.
 */
public final class ServeSession {

    /** Offset not known yet. */
    static final long UNKNOWN_OFFSET = Long.MIN_VALUE;

    private final String id;
    private final String kind;
    private final long startedMillis = System.currentTimeMillis();
    private volatile long delayMillis;
    private volatile String model;
    private volatile long timestampOffset = UNKNOWN_OFFSET;
    private volatile long lastPacketNanos = System.nanoTime();
    private volatile String endReason;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong packets = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder[] statusCounts = new LongAdder[FrameStatus.values().length];
    private final LatencyHistogram inference = new LatencyHistogram(100_000, 20_000);

    ServeSession(String id, String kind, long delayMillis, String model) {
        this.id = id;
        this.kind = kind;
        this.delayMillis = delayMillis;
        this.model = model;
        for (int i = 0; i < statusCounts.length; i++) {
            statusCounts[i] = new LongAdder();
        }
    }

    public String id() {
        return id;
    }

    public String kind() {
        return kind;
    }

    public long delayMillis() {
        return delayMillis;
    }

    void delayMillis(long delayMillis) {
        this.delayMillis = delayMillis;
    }

    public String model() {
        return model;
    }

    void model(String model) {
        this.model = model;
    }

    long timestampOffset() {
        return timestampOffset;
    }

    void timestampOffset(long offset) {
        this.timestampOffset = offset;
    }

    /** The outgoing RTP timestamp of a frame with this incoming timestamp. */
    public long outgoingTimestamp(long incoming) {
        long offset = timestampOffset;
        return (incoming + (offset == UNKNOWN_OFFSET ? 0 : offset)) & 0xFFFF_FFFFL;
    }

    void packet(long arrivalNanos) {
        lastPacketNanos = arrivalNanos;
        packets.incrementAndGet();
    }

    long lastPacketNanos() {
        return lastPacketNanos;
    }

    long nextFrameIndex() {
        return frames.getAndIncrement();
    }

    /** Takes a slot for an inference request; false (nothing taken) when {@code max} are in flight. */
    boolean tryAcquire(int max) {
        if (inFlight.incrementAndGet() > max) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        inFlight.decrementAndGet();
    }

    void count(FrameStatus status) {
        statusCounts[status.ordinal()].increment();
    }

    public long statusCount(FrameStatus status) {
        return statusCounts[status.ordinal()].sum();
    }

    LatencyHistogram inference() {
        return inference;
    }

    boolean isEnded() {
        return endReason != null;
    }

    String endReason() {
        return endReason;
    }

    void end(String reason) {
        this.endReason = reason == null ? "ended" : reason;
    }

    /** The session's counters as a JSON-ready map. */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("kind", kind);
        m.put("model", model);
        m.put("delayMs", delayMillis);
        m.put("startedMillis", startedMillis);
        m.put("packets", packets.get());
        m.put("frames", frames.get());
        m.put("inFlight", Math.max(0, inFlight.get()));
        Map<String, Long> statuses = new LinkedHashMap<>();
        for (FrameStatus s : FrameStatus.values()) {
            statuses.put(s.name(), statusCounts[s.ordinal()].sum());
        }
        m.put("statuses", statuses);
        m.put("inferenceP50Ms", inference.percentileMillis(0.5));
        m.put("inferenceP99Ms", inference.percentileMillis(0.99));
        return m;
    }
}
