package dev.river.proxy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of the broker: live workers, queue depth, busy slots and counters. {@link #toJson()} is the
 * STATS document of docs/protocol.md (fields may be added, never removed).
 *
 * @param workers         live workers
 * @param queued          requests waiting for a worker
 * @param queuedPerModel  waiting requests per model (models with none are left out)
 * @param busySlots       requests in flight on workers
 * @param totalSlots      slots of all live workers
 * @param workersPerModel live workers per model
 * @param counters        every {@link Counter} by its JSON name
 */
public record BrokerStats(List<WorkerInfo> workers, int queued, Map<String, Integer> queuedPerModel, int busySlots,
        int totalSlots, Map<String, Integer> workersPerModel, Map<String, Long> counters) {

    /**
     * One live worker.
     *
     * @param name        as sent in READY
     * @param models      models it serves
     * @param slots       how many requests it runs at once
     * @param busy        requests in flight on it
     * @param idleSinceMs epoch ms when its last slot was freed (or it became ready)
     */
    public record WorkerInfo(String name, List<String> models, int slots, int busy, long idleSinceMs) {
    }

    /** Value of one counter. */
    public long counter(Counter c) {
        Long v = counters.get(c.jsonName());
        return v == null ? 0 : v;
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder(256 + 128 * workers.size());
        sb.append("{\"workers\":[");
        for (int i = 0; i < workers.size(); i++) {
            WorkerInfo w = workers.get(i);
            if (i > 0) {
                sb.append(',');
            }
            Json.string(sb.append("{\"name\":"), w.name()).append(",\"models\":[");
            for (int j = 0; j < w.models().size(); j++) {
                if (j > 0) {
                    sb.append(',');
                }
                Json.string(sb, w.models().get(j));
            }
            sb.append("],\"slots\":").append(w.slots()).append(",\"busy\":").append(w.busy())
                    .append(",\"idleSinceMs\":").append(w.idleSinceMs()).append('}');
        }
        sb.append("],\"queued\":").append(queued).append(",\"queuedPerModel\":");
        intMap(sb, queuedPerModel);
        sb.append(",\"busySlots\":").append(busySlots).append(",\"totalSlots\":").append(totalSlots)
                .append(",\"workersPerModel\":");
        intMap(sb, workersPerModel);
        sb.append(",\"counters\":{");
        boolean first = true;
        for (Map.Entry<String, Long> e : counters.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            Json.string(sb, e.getKey()).append(':').append(e.getValue());
        }
        return sb.append("}}").toString();
    }

    byte[] toJsonBytes() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }

    private static void intMap(StringBuilder sb, Map<String, Integer> m) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Integer> e : m.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            Json.string(sb, e.getKey()).append(':').append(e.getValue());
        }
        sb.append('}');
    }
}
