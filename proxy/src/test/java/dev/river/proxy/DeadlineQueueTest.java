package dev.river.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The broker's waiting room: earliest deadline first over a worker's models, expiry, and its count. */
class DeadlineQueueTest {

    private long seq;

    @Test
    void aWorkerTakesTheEarliestDeadlineOverTheModelsItServesAndNothingElse() {
        DeadlineQueue queue = new DeadlineQueue();
        queue.add(job("face-late", "face", 3000));
        queue.add(job("yolo-early", "yolo", 1000));
        queue.add(job("face-early", "face", 2000));
        queue.add(job("pose", "pose", 500));

        assertEquals("yolo-early", id(queue.pollEarliest(List.of("face", "yolo"))));
        assertEquals("face-early", id(queue.pollEarliest(List.of("face", "yolo"))));
        assertEquals("face-late", id(queue.pollEarliest(List.of("face", "yolo"))));
        assertNull(queue.pollEarliest(List.of("face", "yolo")), "the pose request is not for this worker");
        assertEquals(1, queue.size());
        assertEquals(Map.of("pose", 1), queue.sizePerModel());
    }

    @Test
    void requestsWithEqualDeadlinesLeaveInArrivalOrder() {
        DeadlineQueue queue = new DeadlineQueue();
        queue.add(job("first", "face", 1000));
        queue.add(job("second", "face", 1000));
        queue.add(job("third", "face", 1000));
        assertEquals(List.of("first", "second", "third"), List.of(id(queue.pollEarliest(List.of("face"))),
                id(queue.pollEarliest(List.of("face"))), id(queue.pollEarliest(List.of("face")))));
    }

    @Test
    void expiryTakesOutOnlyPassedDeadlinesAndReportsTheNextOne() {
        DeadlineQueue queue = new DeadlineQueue();
        queue.add(job("a", "face", 100));
        queue.add(job("b", "yolo", 200));
        queue.add(job("c", "face", 300));
        queue.add(job("d", "yolo", 400));
        List<String> expired = new ArrayList<>();

        long next = queue.removeExpired(200, j -> expired.add(id(j)));

        assertEquals(List.of("a", "b"), expired.stream().sorted().toList());
        assertEquals(300, next);
        assertEquals(2, queue.size());
        assertEquals(Long.MAX_VALUE, queue.removeExpired(1000, j -> expired.add(id(j))));
        assertEquals(0, queue.size());
        assertEquals(Map.of(), queue.sizePerModel());
    }

    @Test
    void emptyingTheQueueHandsOverEveryRequestOnce() {
        DeadlineQueue queue = new DeadlineQueue();
        queue.add(job("a", "face", 100));
        queue.add(job("b", "yolo", 200));
        List<String> answered = new ArrayList<>();
        assertEquals(2, queue.removeAll(j -> answered.add(id(j))));
        assertEquals(List.of("a", "b"), answered.stream().sorted().toList());
        assertEquals(0, queue.size());
        assertNull(queue.pollEarliest(List.of("face", "yolo")));
    }

    Job job(String id, String model, long deadline) {
        return new Job(new byte[] {1}, id.getBytes(StandardCharsets.UTF_8), model.getBytes(StandardCharsets.UTF_8),
                model, deadline, LeastBusyBroker.writeLong(deadline), new byte[0], new byte[0], seq++);
    }

    static String id(Job job) {
        return job == null ? null : new String(job.requestId, StandardCharsets.UTF_8);
    }
}
