package dev.river.worker;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With two slots, requests running at the same time each get their own input buffer and correct result. */
class ConcurrentSlotsTest extends WorkerTestSupport {

    @Override
    protected void workerProperties(Properties p) {
        p.setProperty(WorkerSettings.SLOTS, "2");
    }

    @Test
    void answersConcurrentFaceAndBlankFramesEachWithItsOwnResult() throws Exception {
        byte[] face = Files.readAllBytes(ASTRONAUT);
        byte[] blank = png(onCanvas(astronaut(), 512, 512, 600, 0));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> faces = new ArrayList<>();
            List<Future<Integer>> blanks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                faces.add(pool.submit(() -> inferImage(face).detections().size()));
                blanks.add(pool.submit(() -> inferImage(blank).detections().size()));
            }
            for (int i = 0; i < 6; i++) {
                assertEquals(1, faces.get(i).get(60, TimeUnit.SECONDS), "face frame " + i);
                assertEquals(0, blanks.get(i).get(60, TimeUnit.SECONDS), "blank frame " + i);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(12, runtime().stats().ok());
    }
}
