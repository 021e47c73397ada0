package dev.river.worker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/** Counts every request's fate: every request ends in exactly one of ok / badRequest / unknownModel / expired / errors. */
public final class WorkerStats {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong badRequest = new AtomicLong();
    private final AtomicLong unknownModel = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile LongConsumer inferenceTimes = nanos -> { };

    void received() {
        requests.incrementAndGet();
    }

    /** Counts an OK reply whose ONNX Runtime run took {@code inferenceNanos}. */
    void succeeded(long inferenceNanos) {
        inferenceTimes.accept(inferenceNanos);
        ok.incrementAndGet();
    }

    /** Receives the ONNX Runtime run time (ns) of every OK request from now on (the metrics' histogram). */
    public void onInference(LongConsumer times) {
        this.inferenceTimes = times;
    }

    /** Requests received and not yet answered (the busy slots). */
    public long inFlight() {
        long done = ok() + badRequest() + unknownModel() + expired() + errors();
        return Math.max(0, requests() - done);
    }

    /** Counts a non-OK reply by its status. */
    void failed(String status) {
        switch (status) {
            case WorkerHeaders.STATUS_BAD_REQUEST -> badRequest.incrementAndGet();
            case WorkerHeaders.STATUS_UNKNOWN_MODEL -> unknownModel.incrementAndGet();
            case WorkerHeaders.STATUS_EXPIRED -> expired.incrementAndGet();
            default -> errors.incrementAndGet();
        }
    }

    public long requests() {
        return requests.get();
    }

    public long ok() {
        return ok.get();
    }

    public long badRequest() {
        return badRequest.get();
    }

    public long unknownModel() {
        return unknownModel.get();
    }

    public long expired() {
        return expired.get();
    }

    public long errors() {
        return errors.get();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("requests", requests());
        m.put("ok", ok());
        m.put("badRequest", badRequest());
        m.put("unknownModel", unknownModel());
        m.put("expired", expired());
        m.put("errors", errors());
        return m;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
