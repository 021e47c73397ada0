package dev.river.proxy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live workers, found by routing identity and by model, and the least-busy choice among them: the worker
 * serving a model with the most free slots, ties going to the one idle longest. It also keeps the slot accounting
 * (which job is on which worker, busy slots in all) so that a job is never counted on two workers. Broker thread
 * only.
 */
final class WorkerRegistry {

    private final Map<IdentityKey, RegisteredWorker> byIdentity = new LinkedHashMap<>();
    private final Map<String, List<RegisteredWorker>> byModel = new HashMap<>();
    private int busySlots;

    /** The worker with this routing identity, or null. */
    RegisteredWorker get(byte[] identity) {
        return byIdentity.get(new IdentityKey(identity));
    }

    /** A new worker (its first READY), idle from now; serves nothing until {@link #serve}. */
    RegisteredWorker join(byte[] identity) {
        RegisteredWorker w = new RegisteredWorker(identity);
        w.idleSinceNanos = System.nanoTime();
        w.idleSinceMs = System.currentTimeMillis();
        w.lastSeenNanos = w.idleSinceNanos;
        byIdentity.put(new IdentityKey(identity), w);
        return w;
    }

    /** Applies a READY: the worker serves {@code models} with {@code slots} slots from now on. */
    void serve(RegisteredWorker w, String name, int slots, List<String> models) {
        unindex(w);
        w.name = name;
        w.slots = slots;
        w.models = models;
        for (String m : models) {
            byModel.computeIfAbsent(m, k -> new ArrayList<>(4)).add(w);
        }
    }

    /** The worker takes no new work (READY with 0 slots); what it holds stays in flight. */
    void drain(RegisteredWorker w) {
        unindex(w);
        w.slots = 0;
    }

    /** Forgets the worker; its jobs in flight are returned (earliest deadline first) and no longer on it. */
    List<Job> remove(RegisteredWorker w) {
        byIdentity.remove(new IdentityKey(w.identity));
        unindex(w);
        return takeInflight(w);
    }

    /** Takes every job in flight on {@code w} (earliest deadline first), freeing its slots. */
    List<Job> takeInflight(RegisteredWorker w) {
        List<Job> jobs = new ArrayList<>(w.inflight.values());
        jobs.sort(Job.EARLIEST_DEADLINE_FIRST);
        busySlots -= jobs.size();
        w.inflight.clear();
        return jobs;
    }

    /** Live worker serving {@code model} with the most free slots (ties: idle longest), or null. */
    RegisteredWorker leastBusy(String model) {
        List<RegisteredWorker> candidates = byModel.get(model);
        if (candidates == null) {
            return null;
        }
        RegisteredWorker best = null;
        int bestFree = 0;
        for (int i = 0, size = candidates.size(); i < size; i++) {
            RegisteredWorker w = candidates.get(i);
            int free = w.freeSlots();
            if (free > bestFree || (free == bestFree && free > 0 && w.idleSinceNanos - best.idleSinceNanos < 0)) {
                best = w;
                bestFree = free;
            }
        }
        return best;
    }

    /** Whether any live worker serves {@code model} (a request for it can still be run). */
    boolean serves(String model) {
        return byModel.containsKey(model);
    }

    /** Records that {@code job} now runs on {@code w} under {@code jobId}. */
    void assign(RegisteredWorker w, Job job, long jobId) {
        w.inflight.put(jobId, job);
        busySlots++;
    }

    /** The job {@code w} just answered, its slot freed; null when {@code w} holds no such job (a late reply). */
    Job complete(RegisteredWorker w, long jobId) {
        Job job = w.inflight.remove(jobId);
        if (job != null) {
            busySlots--;
            w.idleSinceNanos = System.nanoTime();
            w.idleSinceMs = System.currentTimeMillis();
        }
        return job;
    }

    /** Workers not heard from for more than {@code livenessNanos}; null when there are none. */
    List<RegisteredWorker> silentFor(long nowNanos, long livenessNanos) {
        List<RegisteredWorker> silent = null;
        for (RegisteredWorker w : byIdentity.values()) {
            if (nowNanos - w.lastSeenNanos > livenessNanos) {
                if (silent == null) {
                    silent = new ArrayList<>(2);
                }
                silent.add(w);
            }
        }
        return silent;
    }

    Collection<RegisteredWorker> all() {
        return byIdentity.values();
    }

    int size() {
        return byIdentity.size();
    }

    boolean isEmpty() {
        return byIdentity.isEmpty();
    }

    /** Slots taken by jobs in flight, over every worker. */
    int busySlots() {
        return busySlots;
    }

    /** Live workers per model they serve (sorted by model). */
    Map<String, Integer> countPerModel() {
        Map<String, Integer> m = new TreeMap<>();
        byModel.forEach((model, ws) -> m.put(model, ws.size()));
        return m;
    }

    private void unindex(RegisteredWorker w) {
        for (String m : w.models) {
            List<RegisteredWorker> list = byModel.get(m);
            if (list != null) {
                list.remove(w);
                if (list.isEmpty()) {
                    byModel.remove(m);
                }
            }
        }
    }

    /** A routing identity as a hash key. */
    private static final class IdentityKey {
        private final byte[] bytes;
        private final int hash;

        IdentityKey(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IdentityKey k && k.hash == hash && Arrays.equals(k.bytes, bytes);
        }
    }
}
