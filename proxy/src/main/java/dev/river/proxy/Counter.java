package dev.river.proxy;

/**
 * The broker's counters. Each is monotonic from broker start; the JSON names are the ones in STATS and
 * docs/protocol.md. For every REQUEST with a readable request id (counted in {@link #REQUESTS}) exactly one of
 * {@link #REPLIES}, {@link #EXPIRED}, {@link #NO_WORKER}, {@link #OVERLOADED}, {@link #BAD_REQUEST},
 * {@link #WORKER_LOST}, {@link #SHUTTING_DOWN} is eventually counted (or it is still queued or in flight).
 */
public enum Counter {
    /** Client REQUESTs with a readable request id. */
    REQUESTS("requests"),
    /** REQUESTs sent to a worker (a re-dispatch counts again). */
    DISPATCHED("dispatched"),
    /** Worker REPLYs forwarded to the client (any worker status). */
    REPLIES("replies"),
    /** Requests answered EXPIRED by the broker. */
    EXPIRED("expired"),
    /** Requests answered NO_WORKER. */
    NO_WORKER("noWorker"),
    /** Requests answered OVERLOADED (queue full). */
    OVERLOADED("overloaded"),
    /** Requests answered BAD_REQUEST by the broker. */
    BAD_REQUEST("badRequest"),
    /** Requests refused at arrival: BAD_REQUEST plus OVERLOADED. */
    REJECTED("rejected"),
    /** Malformed messages from any peer (answered BAD_REQUEST or dropped). */
    MALFORMED("malformed"),
    /** In-flight requests of a lost worker sent to another worker. */
    REDISPATCHED("redispatched"),
    /** Requests answered WORKER_LOST. */
    WORKER_LOST("workerLost"),
    /** Worker REPLYs for a job id the broker no longer holds (dropped). */
    LATE_WORKER_REPLIES("lateWorkerReplies"),
    /** Workers that became known (READY from a new peer). */
    WORKERS_JOINED("workersJoined"),
    /** Workers removed (silent past liveness, or DISCONNECT). */
    WORKERS_REMOVED("workersRemoved"),
    /** DISCONNECTs sent to unknown workers. */
    DISCONNECTS_SENT("disconnectsSent"),
    /** Workers removed because they were silent past the heartbeat liveness (also in {@link #WORKERS_REMOVED}). */
    WORKERS_TIMED_OUT("workersTimedOut"),
    /** READYs with 0 slots: workers that began a graceful stop. */
    WORKERS_DRAINING("workersDraining"),
    /** Requests answered SHUTTING_DOWN (the broker was stopping). */
    SHUTTING_DOWN("shuttingDown"),
    /** CURVE handshakes refused on the worker side: public key not in river.proxy.curve.authorized-workers. */
    REFUSED_WORKERS("refusedWorkers"),
    /** CURVE handshakes refused on the client side: public key not in river.proxy.curve.authorized-clients. */
    REFUSED_CLIENTS("refusedClients"),
    /** Messages not sent because the peer's outbound queue was full (it stopped reading); nio transport. */
    UNDELIVERED("undelivered");

    private final String jsonName;

    Counter(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in STATS JSON and metrics. */
    public String jsonName() {
        return jsonName;
    }
}
