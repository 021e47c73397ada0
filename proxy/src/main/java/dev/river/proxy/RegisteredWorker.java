package dev.river.proxy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the broker knows of one connected worker: its routing identity, what its last READY said (name, slots,
 * models), the jobs it holds and when it was last heard from. Owned by the broker thread via {@link WorkerRegistry}.
 */
final class RegisteredWorker {

    final byte[] identity;
    /** Jobs sent to it and not yet answered, by job id. */
    final Map<Long, Job> inflight = new HashMap<>();
    String name;
    int slots;
    List<String> models = List.of();
    long idleSinceNanos;
    long idleSinceMs;
    long lastSeenNanos;

    RegisteredWorker(byte[] identity) {
        this.identity = identity;
    }

    /** Slots taken: the jobs it holds. */
    int busy() {
        return inflight.size();
    }

    int freeSlots() {
        return slots - inflight.size();
    }
}
