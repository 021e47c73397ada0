package dev.river.serve.pipeline;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-bucket latency histogram (lock-free, no allocation when recording) for percentiles of release lateness
 * and inference time. Values above the range land in the last bucket; negative values in the first.
 */
public final class LatencyHistogram {

    private final long bucketNanos;
    private final AtomicLongArray counts;

    /** {@code buckets} buckets of {@code bucketNanos} each. */
    public LatencyHistogram(long bucketNanos, int buckets) {
        this.bucketNanos = bucketNanos;
        this.counts = new AtomicLongArray(buckets);
    }

    public void record(long nanos) {
        long b = nanos <= 0 ? 0 : nanos / bucketNanos;
        counts.incrementAndGet((int) Math.min(b, counts.length() - 1));
    }

    public long count() {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The value (upper edge of its bucket) below which {@code q} (0..1) of the recorded values fall, in ms; 0 when empty. */
    public double percentileMillis(double q) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return (i + 1) * bucketNanos / 1e6;
            }
        }
        return counts.length() * bucketNanos / 1e6;
    }

    public void reset() {
        for (int i = 0; i < counts.length(); i++) {
            counts.set(i, 0);
        }
    }
}
