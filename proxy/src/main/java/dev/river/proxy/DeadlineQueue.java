package dev.river.proxy;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Requests waiting for a worker slot, one earliest-deadline-first queue per model. A worker that frees a slot takes
 * the earliest deadline over the models it serves; requests whose deadline passes while they wait are taken out
 * for an EXPIRED answer without ever reaching a worker. The bound (river.proxy.queue-size) is the broker's to
 * check. Broker thread only.
 */
final class DeadlineQueue {

    private final Map<String, PriorityQueue<Job>> byModel = new HashMap<>();
    private int size;

    void add(Job job) {
        byModel.computeIfAbsent(job.modelName, m -> new PriorityQueue<>(Job.EARLIEST_DEADLINE_FIRST)).add(job);
        size++;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Removes and returns the job with the earliest deadline among {@code models}, or null when none waits. */
    Job pollEarliest(List<String> models) {
        if (size == 0) {
            return null;
        }
        PriorityQueue<Job> best = null;
        for (int i = 0, n = models.size(); i < n; i++) {
            PriorityQueue<Job> q = byModel.get(models.get(i));
            if (q != null && !q.isEmpty()
                    && (best == null || Job.EARLIEST_DEADLINE_FIRST.compare(q.peek(), best.peek()) < 0)) {
                best = q;
            }
        }
        if (best == null) {
            return null;
        }
        Job job = best.poll();
        size--;
        if (best.isEmpty()) {
            byModel.remove(job.modelName);
        }
        return job;
    }

    /**
     * Hands every job whose deadline is at or before {@code nowMs} to {@code expired}, removed from the queue;
     * returns the earliest deadline still waiting ({@link Long#MAX_VALUE} when none).
     */
    long removeExpired(long nowMs, Consumer<Job> expired) {
        long nearest = Long.MAX_VALUE;
        for (Iterator<PriorityQueue<Job>> it = byModel.values().iterator(); it.hasNext();) {
            PriorityQueue<Job> q = it.next();
            Job head;
            while ((head = q.peek()) != null && head.deadline <= nowMs) {
                q.poll();
                size--;
                expired.accept(head);
            }
            if (head == null) {
                it.remove();
            } else if (head.deadline < nearest) {
                nearest = head.deadline;
            }
        }
        return nearest;
    }

    /** Empties the queue, handing every job to {@code each}; returns how many there were. */
    int removeAll(Consumer<Job> each) {
        int n = 0;
        for (PriorityQueue<Job> q : byModel.values()) {
            Job job;
            while ((job = q.poll()) != null) {
                each.accept(job);
                n++;
            }
        }
        byModel.clear();
        size = 0;
        return n;
    }

    /** Waiting jobs per model (sorted by model; models with none left out). */
    Map<String, Integer> sizePerModel() {
        Map<String, Integer> m = new TreeMap<>();
        byModel.forEach((model, q) -> {
            if (!q.isEmpty()) {
                m.put(model, q.size());
            }
        });
        return m;
    }
}
