package dev.river.worker.observe;

import java.util.concurrent.TimeUnit;

import dev.river.component.zeromq.ZeroMQEndpoint;

/**
 * Whether this worker hears from its broker: the broker sends a HEARTBEAT every interval, so a worker that has
 * received nothing (heartbeat, request or DISCONNECT) for the heartbeat liveness is not connected. Read from the
 * ZeroMQ endpoint's received-message counter, sampled by {@link #sample()} (every quarter of the liveness); the
 * worker's own I/O thread is never touched.
 */
public final class BrokerLink {

    private final ZeroMQEndpoint endpoint;
    private final long livenessNanos;
    private long lastCount;
    private volatile long lastHeardNanos;
    private volatile boolean heard;

    public BrokerLink(ZeroMQEndpoint endpoint) {
        this.endpoint = endpoint;
        this.livenessNanos = TimeUnit.MILLISECONDS.toNanos(endpoint.getConfiguration().getHeartbeatLiveness());
    }

    /** How often {@link #sample()} should run, in milliseconds. */
    public long samplePeriodMs() {
        return Math.max(10, TimeUnit.NANOSECONDS.toMillis(livenessNanos) / 4);
    }

    /** Notes whether messages arrived since the last sample. One sampling thread. */
    public void sample() {
        long count = endpoint.getCounters().getReceived();
        if (count != lastCount) {
            lastCount = count;
            lastHeardNanos = System.nanoTime();
            heard = true;
        }
    }

    /** True when the broker was heard within the heartbeat liveness. */
    public boolean isConnected() {
        return heard && System.nanoTime() - lastHeardNanos <= livenessNanos;
    }

    /** Milliseconds since the broker was last heard, or -1 if never. */
    public long silentMs() {
        return heard ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeardNanos) : -1;
    }

    /** The broker address the worker connects to. */
    public String broker() {
        return endpoint.getAddress();
    }

    /** The heartbeat liveness in milliseconds. */
    public long livenessMs() {
        return TimeUnit.NANOSECONDS.toMillis(livenessNanos);
    }
}
