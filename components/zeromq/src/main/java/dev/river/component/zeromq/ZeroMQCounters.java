package dev.river.component.zeromq;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What happened on one endpoint's sockets, counted where it happens (I/O threads, completion threads) and read by
 * the endpoint's getters, metrics and STATS.
 */
public final class ZeroMQCounters {

    final LongAdder sent = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder expired = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder lateReplies = new LongAdder();
    final LongAdder abandoned = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder heartbeatsSent = new LongAdder();
    final AtomicInteger inFlight = new AtomicInteger();

    /** Messages (requests, replies or raw messages) written to the socket. */
    public long getSent() {
        return sent.sum();
    }

    /** Messages read from the socket, well formed or not. */
    public long getReceived() {
        return received.sum();
    }

    /** Messages dropped or answered BAD_REQUEST because they broke the protocol. */
    public long getMalformed() {
        return malformed.sum();
    }

    /** Client requests that got no reply in time (ExchangeTimedOutException). */
    public long getTimeouts() {
        return timeouts.sum();
    }

    /** Requests that ended with a non-OK status or an exception. */
    public long getErrors() {
        return errors.sum();
    }

    /** Worker/server requests answered EXPIRED without being routed. */
    public long getExpired() {
        return expired.sum();
    }

    /** Requests refused locally (send queue full, backlog full, shutting down, unknown model). */
    public long getRejected() {
        return rejected.sum();
    }

    /** Client replies that arrived after their request had timed out (or were never asked for). */
    public long getLateReplies() {
        return lateReplies.sum();
    }

    /** Worker jobs whose result was discarded because the connection they came on was replaced. */
    public long getAbandoned() {
        return abandoned.sum();
    }

    /** Worker reconnects after broker silence or DISCONNECT. */
    public long getReconnects() {
        return reconnects.sum();
    }

    /** HEARTBEATs sent by the worker. */
    public long getHeartbeatsSent() {
        return heartbeatsSent.sum();
    }

    /** Requests currently outstanding (client) or being processed (worker/server). */
    public int getInFlight() {
        return inFlight.get();
    }

    /** The counters as a JSON object, for STATS answers. */
    public String toJson() {
        return "{\"sent\":" + getSent() + ",\"received\":" + getReceived() + ",\"malformed\":" + getMalformed()
               + ",\"timeouts\":" + getTimeouts() + ",\"errors\":" + getErrors() + ",\"expired\":" + getExpired()
               + ",\"rejected\":" + getRejected() + ",\"lateReplies\":" + getLateReplies() + ",\"abandoned\":"
               + getAbandoned() + ",\"reconnects\":" + getReconnects() + ",\"inFlight\":" + getInFlight() + "}";
    }
}
