package dev.river.proxy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The least-busy choice and the slot accounting the broker relies on. */
class WorkerRegistryTest {

    private final WorkerRegistry registry = new WorkerRegistry();
    private long seq;

    @Test
    void theWorkerWithTheMostFreeSlotsIsChosenThenTheOneIdleLongest() {
        RegisteredWorker small = worker("small", 1, "face");
        RegisteredWorker big = worker("big", 4, "face");
        small.idleSinceNanos = big.idleSinceNanos - 1_000_000;
        registry.assign(big, job(1000), 1);
        registry.assign(big, job(1000), 2);
        assertSame(big, registry.leastBusy("face"), "2 free slots beat 1");
        registry.assign(big, job(1000), 3);
        // one free slot each: the one idle longest
        assertSame(small, registry.leastBusy("face"));
        registry.assign(small, job(1000), 4);
        registry.assign(big, job(1000), 5);
        assertNull(registry.leastBusy("face"), "no free slot anywhere");
        assertEquals(5, registry.busySlots());
    }

    @Test
    void aWorkerIsOnlyChosenForTheModelsItServes() {
        RegisteredWorker yolo = worker("yolo", 8, "yolo");
        assertNull(registry.leastBusy("face"));
        assertFalse(registry.serves("face"));
        assertSame(yolo, registry.leastBusy("yolo"));
        registry.serve(yolo, "yolo", 8, List.of("face"));
        assertFalse(registry.serves("yolo"), "a new READY replaces the models");
        assertSame(yolo, registry.leastBusy("face"));
        assertEquals(Map.of("face", 1), registry.countPerModel());
    }

    @Test
    void aDrainingWorkerGetsNoNewWorkButKeepsWhatItHolds() {
        RegisteredWorker w = worker("w", 2, "face");
        registry.assign(w, job(1000), 1);
        registry.drain(w);
        assertNull(registry.leastBusy("face"));
        assertEquals(1, registry.busySlots());
        assertEquals(1, registry.size());
        assertTrue(registry.complete(w, 1) != null);
        assertEquals(0, registry.busySlots());
    }

    @Test
    void anAnsweredJobFreesItsSlotOnceAndALateReplyFreesNothing() {
        RegisteredWorker w = worker("w", 1, "face");
        Job job = job(1000);
        registry.assign(w, job, 7);
        assertSame(job, registry.complete(w, 7));
        assertEquals(0, w.busy());
        assertNull(registry.complete(w, 7), "a second reply for the same job");
        assertEquals(0, w.busy());
        assertEquals(0, registry.busySlots());
    }

    @Test
    void aRemovedWorkerHandsBackItsJobsEarliestDeadlineFirstAndFreesItsSlots() {
        RegisteredWorker w = worker("w", 4, "face");
        RegisteredWorker other = worker("other", 1, "face");
        Job late = job(3000);
        Job early = job(1000);
        registry.assign(w, late, 1);
        registry.assign(w, early, 2);
        registry.assign(other, job(2000), 3);

        List<Job> jobs = registry.remove(w);

        assertEquals(List.of(early, late), jobs);
        assertTrue(w.inflight.isEmpty(), "no job is left on the removed worker");
        assertEquals(1, registry.busySlots());
        assertNull(registry.get(w.identity));
        assertEquals(1, registry.size());
        assertNull(registry.leastBusy("face"), "the remaining worker is full");
    }

    @Test
    void onlyWorkersSilentLongerThanTheLivenessAreReported() {
        RegisteredWorker quiet = worker("quiet", 1, "face");
        RegisteredWorker chatty = worker("chatty", 1, "face");
        long now = System.nanoTime();
        quiet.lastSeenNanos = now - 4_000_000_000L;
        chatty.lastSeenNanos = now - 1_000_000_000L;
        assertEquals(List.of(quiet), registry.silentFor(now, 3_000_000_000L));
        chatty.lastSeenNanos = now;
        quiet.lastSeenNanos = now;
        assertNull(registry.silentFor(now, 3_000_000_000L));
    }

    private RegisteredWorker worker(String name, int slots, String model) {
        RegisteredWorker w = registry.join(name.getBytes(StandardCharsets.UTF_8));
        registry.serve(w, name, slots, List.of(model));
        assertSame(w, registry.get(name.getBytes(StandardCharsets.UTF_8)));
        return w;
    }

    private Job job(long deadline) {
        return new Job(new byte[] {1}, new byte[] {2}, "face".getBytes(StandardCharsets.UTF_8), "face", deadline,
                LeastBusyBroker.writeLong(deadline), new byte[0], new byte[0], seq++);
    }
}
