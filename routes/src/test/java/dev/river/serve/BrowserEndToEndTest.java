package dev.river.serve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product as a user sees it: headless Chromium opens the web app served by river-serve, its fake camera plays
 * the moving-face clip, the page publishes over WHIP, gets its own video back N later and draws each frame's
 * result. Everything is checked from the page's own record (window.river). One browser for the class, the shared
 * services of the suite. The test that kills the worker runs last and leaves a worker running again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserEndToEndTest {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static ServeServices services;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void startBrowser() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.available(), "Debian chromium is not installed (./river test installs it)");
        services = ServeServices.get();
        chromium = HeadlessChromium.start(FaceClip.y4m(150), Path.of("target", "browser-logs", "chromium.log"));
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private static String page() {
        return services.http() + "/?autostart=1&delay=" + services.delayMillis + "&token=" + services.token;
    }

    @Test
    @Order(1)
    void theReturnedVideoPlaysAfterTheDelayWithEachFramesOwnResultDrawnOnTheFace() throws Exception {
        try (HeadlessChromium.Tab tab = chromium.open(page())) {
            installClipDecoder(tab);
            JsonNode river = awaitFrames(tab, 120, Duration.ofSeconds(40));
            assertEquals("playing", river.path("state").asText(), river.path("message").asText());
            long delay = river.path("measuredDelayMs").asLong();
            assertTrue(Math.abs(delay - services.delayMillis) <= 100, "measured delay " + delay + " ms");
            JsonNode frames = river.path("frames");
            int withResult = 0;
            int boxesOnFaceRow = 0;
            int withBoxes = 0;
            for (JsonNode f : frames) {
                if (f.path("hadResult").asBoolean()) {
                    withResult++;
                }
                JsonNode box = f.path("boxes").path(0);
                if (!box.isMissingNode()) {
                    withBoxes++;
                    double cx = box.path("x").asDouble() + box.path("w").asDouble() / 2;
                    double cy = box.path("y").asDouble() + box.path("h").asDouble() / 2;
                    // the face moves horizontally only: its row and the photo's span are known for every frame
                    if (FaceClip.onFaceSomewhere(cx, cy)) {
                        boxesOnFaceRow++;
                    }
                }
            }
            assertTrue(withResult >= frames.size() * 0.99, withResult + " of " + frames.size() + " frames had their result");
            assertTrue(withBoxes >= frames.size() * 0.9, withBoxes + " of " + frames.size() + " frames have a box");
            assertTrue(boxesOnFaceRow >= withBoxes * 0.99, boxesOnFaceRow + " of " + withBoxes + " boxes on the face");
            assertBoxesOnTheFaceOfTheirOwnFrame(tab, frames);
            Path shot = Path.of("target", "browser-logs", "river-web.png");
            Files.write(shot, tab.screenshot());
        }
    }

    /**
     * Frame-exact check: for every displayed frame the page recorded, the clip's own frame number (decoded from the
     * code strip of exactly the frame presented, see {@link FaceClip#pageDecoderScript()}) says where the face was
     * placed; the box drawn on that frame must be there. The detector's constant offset from the geometric face centre
     * is taken as the median over all frames (it must itself lie on the face); each frame's box centre must then be
     * within 12 px (4 frames of motion at 3 px/frame) of its own frame's face centre, for at least 95% of the frames.
     * A box from a neighbouring frame, or none, fails that frame.
     */
    private static void assertBoxesOnTheFaceOfTheirOwnFrame(HeadlessChromium.Tab tab, JsonNode frames) throws Exception {
        Map<Long, Integer> clipIndex = new HashMap<>();
        for (JsonNode e : JSON.readTree(tab.eval("JSON.stringify(Array.from(window.__clipIndex || []))").asText("[]"))) {
            clipIndex.put(e.get(0).asLong(), e.get(1).asInt());
        }
        List<double[]> offsets = new ArrayList<>();
        int mapped = 0;
        for (JsonNode f : frames) {
            Integer n = clipIndex.get(f.path("rtpTimestamp").asLong());
            if (n == null) {
                continue;
            }
            mapped++;
            JsonNode box = f.path("boxes").path(0);
            if (box.isMissingNode()) {
                offsets.add(null);
                continue;
            }
            double k = FaceClip.WIDTH / (double) Math.max(1, f.path("width").asInt(FaceClip.WIDTH));
            double cx = (box.path("x").asDouble() + box.path("w").asDouble() / 2) * k;
            double cy = (box.path("y").asDouble() + box.path("h").asDouble() / 2) * k;
            offsets.add(new double[] {cx - FaceClip.faceCentreX(n), cy - FaceClip.faceCentreY(), n});
        }
        assertTrue(mapped >= frames.size() * 0.9, "the clip's frame number was read on " + mapped + " of " + frames.size()
                                                  + " displayed frames");
        double[] dx = offsets.stream().filter(o -> o != null).mapToDouble(o -> o[0]).sorted().toArray();
        double[] dy = offsets.stream().filter(o -> o != null).mapToDouble(o -> o[1]).sorted().toArray();
        assertTrue(dx.length > 0, "boxes drawn");
        double mx = dx[dx.length / 2];
        double my = dy[dy.length / 2];
        assertTrue(Math.abs(mx) <= 40 && Math.abs(my) <= 40, "the boxes' median centre is on the face: off by " + mx + ", " + my);
        int onOwnFrame = 0;
        List<String> misses = new ArrayList<>();
        for (double[] o : offsets) {
            if (o != null && Math.abs(o[0] - mx) <= 12 && Math.abs(o[1] - my) <= 12) {
                onOwnFrame++;
            } else if (misses.size() < 10) {
                misses.add(o == null ? "no box" : String.format("frame %d: %.0f, %.0f px", (int) o[2], o[0] - mx, o[1] - my));
            }
        }
        System.out.printf("box check: %d of %d displayed frames (of %d recorded) on their own frame's face, median offset %.1f, %.1f px%n",
                onOwnFrame, mapped, frames.size(), mx, my);
        assertTrue(onOwnFrame >= mapped * 0.95, onOwnFrame + " of " + mapped + " displayed frames have their box on the face"
                                                + " of that exact frame (median offset " + Math.round(mx) + ", " + Math.round(my)
                                                + "); misses: " + misses);
    }

    private static void installClipDecoder(HeadlessChromium.Tab tab) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                if (tab.eval(FaceClip.pageDecoderScript()).asBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // the page is still loading
            }
            Thread.sleep(100);
        }
        throw new AssertionError("could not install the frame-number decoder in the page");
    }

    /**
     * The worker dies mid-stream (SIGKILL): the returned video keeps playing (the page's framesDecoded keeps growing),
     * the frames without a result are shown as such (no result or a non-ontime status, no box drawn), and once a new
     * worker process is up the frames have their results on time again. Runs last: it leaves a worker running.
     */
    @Test
    @Order(3)
    void killingTheWorkerMidStreamKeepsTheVideoPlayingMarksTheGapAndResultsResume() throws Exception {
        boolean killed = false;
        boolean restarted = false;
        try (HeadlessChromium.Tab tab = chromium.open(page())) {
            awaitFrames(tab, 60, Duration.ofSeconds(40));
            Map<Long, JsonNode> seen = new LinkedHashMap<>();
            collect(tab, seen);
            int beforeKill = seen.size();
            services.killWorker();
            killed = true;
            long decodedAtKill = tab.river().path("framesDecoded").asLong();
            // the gap: frames shown after the kill without an ontime result
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (gap(seen, beforeKill).size() < 15 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                collect(tab, seen);
            }
            List<JsonNode> gap = gap(seen, beforeKill);
            assertTrue(gap.size() >= 15, "the frames after the kill are marked: " + gap.size() + " without an ontime result");
            for (JsonNode f : gap) {
                assertTrue(!f.path("hadResult").asBoolean() || !"ontime".equals(f.path("status").asText()), "marked: " + f);
                assertTrue(!f.path("drawn").asBoolean(), "no box drawn for a frame without its result: " + f);
            }
            // the model dropdown follows the live worker count (not only the count at page load)
            assertTrue(awaitModelLabel(tab, "blazeface (0 workers)"), "dropdown: " + modelLabel(tab));
            JsonNode during = tab.river();
            assertEquals("playing", during.path("state").asText(), "the video goes on: " + during.path("message").asText());
            assertTrue(during.path("framesDecoded").asLong() > decodedAtKill, "the video keeps being decoded during the gap");

            services.startWorker();
            restarted = true;
            int atRestart = seen.size();
            long decodedAtRestart = tab.river().path("framesDecoded").asLong();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (!resumed(seen, atRestart) && System.nanoTime() < deadline) {
                Thread.sleep(500);
                collect(tab, seen);
            }
            assertTrue(resumed(seen, atRestart), "results resumed: the last 30 frames shown have their own ontime result");
            assertTrue(awaitModelLabel(tab, "blazeface (1 worker)"), "dropdown: " + modelLabel(tab));
            JsonNode after = tab.river();
            assertEquals("playing", after.path("state").asText());
            assertTrue(after.path("framesDecoded").asLong() > decodedAtRestart, "the video kept playing");
            JsonNode st = after.path("stats").path("statuses");
            assertTrue(st.path("error").asLong() + st.path("late").asLong() + st.path("skipped").asLong() > 0,
                    "the server counted the gap: " + st);
        } finally {
            if (killed && !restarted) {
                services.startWorker(); // the shared services must have a worker for whatever runs next
            }
        }
    }

    private static String modelLabel(HeadlessChromium.Tab tab) throws Exception {
        return tab.eval("(() => { const s = document.getElementById('model'); return s.options[s.selectedIndex].textContent; })()").asText();
    }

    private static boolean awaitModelLabel(HeadlessChromium.Tab tab, String label) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (label.equals(modelLabel(tab))) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** Adds the page's recent displayed frames to {@code seen} (by rtpTimestamp, in display order). */
    private static void collect(HeadlessChromium.Tab tab, Map<Long, JsonNode> seen) throws Exception {
        for (JsonNode f : tab.river().path("frames")) {
            seen.putIfAbsent(f.path("rtpTimestamp").asLong(), f);
        }
    }

    private static List<JsonNode> gap(Map<Long, JsonNode> seen, int from) {
        List<JsonNode> gap = new ArrayList<>();
        int i = 0;
        for (JsonNode f : seen.values()) {
            if (i++ >= from && !(f.path("hadResult").asBoolean() && "ontime".equals(f.path("status").asText()))) {
                gap.add(f);
            }
        }
        return gap;
    }

    private static boolean resumed(Map<Long, JsonNode> seen, int from) {
        List<JsonNode> after = new ArrayList<>(seen.values()).subList(Math.min(from, seen.size()), seen.size());
        if (after.size() < 30) {
            return false;
        }
        return after.subList(after.size() - 30, after.size()).stream()
                .allMatch(f -> f.path("hadResult").asBoolean() && "ontime".equals(f.path("status").asText()));
    }

    @Test
    @Order(2)
    void stoppingAndRestartingTheCameraStartsANewSessionAndReloadingThePageToo() throws Exception {
        try (HeadlessChromium.Tab tab = chromium.open(page())) {
            String first = awaitFrames(tab, 30, Duration.ofSeconds(40)).path("session").asText();
            tab.eval("window.river.stop()");
            assertEquals("stopped", tab.river().path("state").asText());
            tab.eval("window.river.start()");
            JsonNode again = awaitFrames(tab, 30, Duration.ofSeconds(40));
            assertNotEquals(first, again.path("session").asText(), "a new session");
            tab.eval("location.reload()");
            Thread.sleep(500);
            JsonNode reloaded = awaitFrames(tab, 30, Duration.ofSeconds(40));
            assertNotEquals(again.path("session").asText(), reloaded.path("session").asText(), "a new session after reload");
            assertTrue(RtpPipelineEndToEndTest.await(Duration.ofSeconds(10), () -> {
                try {
                    return services.context().getRegistry().lookupByNameAndType("sessionRegistry",
                            dev.river.serve.pipeline.SessionRegistry.class).get(first) == null;
                } catch (RuntimeException e) {
                    return false;
                }
            }), "the stopped session's state was freed");
        }
    }

    private static JsonNode awaitFrames(HeadlessChromium.Tab tab, int frames, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode river = null;
        while (System.nanoTime() < deadline) {
            river = tab.river();
            if (river != null && river.path("frames").size() >= frames && !river.path("measuredDelayMs").isNull()
                && !river.path("measuredDelayMs").isMissingNode()) {
                return river;
            }
            if (river != null && "error".equals(river.path("state").asText())) {
                break;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the page did not show " + frames + " frames: " + river);
    }
}
