package dev.river.proxy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters written by the broker thread only and readable from any thread (single writer: an increment is a
 * plain read plus an ordered store, no lock and no CAS on the hot path).
 */
public final class BrokerCounters {

    private static final Counter[] ALL = Counter.values();

    private final AtomicLongArray values = new AtomicLongArray(ALL.length);

    /** Adds one. Broker thread only. */
    void increment(Counter c) {
        int i = c.ordinal();
        values.lazySet(i, values.get(i) + 1);
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
