package dev.river.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters written by the broker thread only and readable from any thread (single writer: an increment is a
 * plain read plus an ordered store, no lock and no CAS on the hot path).
 */
public final class BrokerCounters {

    private static final Counter[] ALL = Counter.values();

    /**
     * The REPLY statuses of docs/protocol.md, counted by {@link #incrementReplyStatus}; any other status a worker
     * sends is counted as {@link #OTHER_STATUS}.
     */
    public static final List<String> REPLY_STATUSES = List.of("OK", "ERROR", "BAD_REQUEST", "UNKNOWN_MODEL",
            "EXPIRED", "NO_WORKER", "OVERLOADED", "WORKER_LOST");
    /** Label of replies whose status is not one of {@link #REPLY_STATUSES}. */
    public static final String OTHER_STATUS = "OTHER";

    private static final byte[][] STATUS_BYTES = REPLY_STATUSES.stream()
            .map(st -> st.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

    private final AtomicLongArray values = new AtomicLongArray(ALL.length);
    /** REPLYs sent to clients, by status: REPLY_STATUSES order, then OTHER. */
    private final AtomicLongArray replyStatuses = new AtomicLongArray(STATUS_BYTES.length + 1);
    /** Malformed messages: [0] from clients (frontend), [1] from workers (backend). */
    private final AtomicLongArray malformedBySide = new AtomicLongArray(2);

    /** Adds one. Broker thread only. */
    void increment(Counter c) {
        int i = c.ordinal();
        values.lazySet(i, values.get(i) + 1);
    }

    /** Counts one REPLY sent to a client by its status frame. Broker thread only. */
    void incrementReplyStatus(byte[] status) {
        int i = 0;
        while (i < STATUS_BYTES.length && !Arrays.equals(STATUS_BYTES[i], status)) {
            i++;
        }
        replyStatuses.lazySet(i, replyStatuses.get(i) + 1);
    }

    /** Counts one malformed message ({@link Counter#MALFORMED} and its side). Broker thread only. */
    void incrementMalformed(boolean fromClient) {
        increment(Counter.MALFORMED);
        int i = fromClient ? 0 : 1;
        malformedBySide.lazySet(i, malformedBySide.get(i) + 1);
    }

    /**
     * REPLYs sent to clients with {@code status} (one of {@link #REPLY_STATUSES} or {@link #OTHER_STATUS}); any
     * thread.
     */
    public long replies(String status) {
        int i = REPLY_STATUSES.indexOf(status);
        return replyStatuses.get(i < 0 ? STATUS_BYTES.length : i);
    }

    /** Malformed messages from clients ({@code fromClient}) or from workers; any thread. */
    public long malformed(boolean fromClient) {
        return malformedBySide.get(fromClient ? 0 : 1);
    }

    /** Current value; any thread. */
    public long get(Counter c) {
        return values.get(c.ordinal());
    }

    /** Every counter by its JSON name, in declaration order; any thread. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Counter c : ALL) {
            m.put(c.jsonName(), values.get(c.ordinal()));
        }
        return m;
    }
}
