package dev.river.serve;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./river detect} against the real broker and a real worker process with the embedded BlazeFace
 * model: the user-facing check that the inference plane works end to end.
 */
class DetectCommandTest extends InferencePlaneTestSupport {

    private static RiverServiceProcess proxy;
    private static RiverServiceProcess worker;
    private static BrokerProbe probe;
    private static int frontend;

    @BeforeAll
    static void startBrokerAndOneWorker() throws Exception {
        frontend = freePort();
        int backend = freePort();
        proxy = RiverServiceProcess.proxy(frontend, backend);
        worker = RiverServiceProcess.worker("detect-worker", backend);
        probe = new BrokerProbe(tcp(frontend));
        probe.awaitStats(s -> BrokerProbe.workersServing(s, "blazeface") == 1, 60_000,
                "one blazeface worker", proxy, worker);
    }

    @AfterAll
    static void stopServices() throws Exception {
        if (probe != null) {
            probe.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void findsExactlyOneFaceInTheAstronautPhotoAroundTheRealFace() throws Exception {
        DetectRun result = detect("--broker", tcp(frontend), ASTRONAUT.toString());

        assertEquals(0, result.exit(), result.err());
        String[] lines = result.out().strip().split("\n");
        assertEquals(1, lines.length, "one JSON document per image: " + result.out());
        JsonNode doc = new ObjectMapper().readTree(lines[0]);
        assertEquals("OK", doc.path("status").asText());
        assertEquals(ASTRONAUT.toString(), doc.path("image").asText());
        assertEquals(512, doc.path("width").asInt());
        JsonNode detections = doc.path("detections");
        assertEquals(1, detections.size(), "exactly one face: " + doc);
        JsonNode box = detections.get(0).path("box");
        double cx = box.path("x").asDouble() + box.path("w").asDouble() / 2;
        double cy = box.path("y").asDouble() + box.path("h").asDouble() / 2;
        assertTrue(cx > FACE_MIN_X && cx < FACE_MAX_X && cy > FACE_MIN_Y && cy < FACE_MAX_Y,
                "box centre (" + cx + "," + cy + ") is on the face: " + box);
        assertTrue(box.path("w").asDouble() > 50 && box.path("w").asDouble() < 200, "face-sized box: " + box);
    }

    @Test
    void printsOneDocumentPerImageInOrder() throws Exception {
        DetectRun result = detect("--broker", tcp(frontend), ASTRONAUT.toString(), ASTRONAUT.toString());

        assertEquals(0, result.exit(), result.err());
        assertEquals(2, result.out().strip().split("\n").length, result.out());
    }

    @Test
    void saysClearlyWhenNoWorkerServesTheModel() throws Exception {
        DetectRun result = detect("--broker", tcp(frontend), "--model", "no-such-model", "--timeout-ms", "300",
                ASTRONAUT.toString());

        assertEquals(DetectCommand.EXIT_NO_ANSWER, result.exit());
        assertTrue(result.err().contains("no worker answered for model 'no-such-model'"), result.err());
    }

    @Test
    void saysClearlyWhenNoBrokerAnswers() throws Exception {
        DetectRun result = detect("--broker", tcp(freePort()), "--timeout-ms", "300", ASTRONAUT.toString());

        assertEquals(DetectCommand.EXIT_NO_ANSWER, result.exit());
        assertTrue(result.err().contains("no answer from the broker"), result.err());
    }

    @Test
    void rejectsAMissingImageWithUsage() throws Exception {
        DetectRun result = detect("--broker", tcp(frontend), "does-not-exist.png");

        assertEquals(DetectCommand.EXIT_USAGE, result.exit());
        assertTrue(result.err().contains("cannot read does-not-exist.png"), result.err());
    }

}
