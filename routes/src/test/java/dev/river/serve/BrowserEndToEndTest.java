package dev.river.serve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product as a user sees it: headless Chromium opens the web app served by river-serve, its fake camera plays
 * the moving-face clip, the page publishes over WHIP, gets its own video back N later and draws each frame's
 * result. Everything is checked from the page's own record (window.river). One browser for the class, the shared
 * services of the suite.
 */
class BrowserEndToEndTest {

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
        return services.http() + "/?autostart=1&delay=" + services.delayMillis;
    }

    @Test
    void theReturnedVideoPlaysAfterTheDelayWithEachFramesOwnResultDrawnOnTheFace() throws Exception {
        try (HeadlessChromium.Tab tab = chromium.open(page())) {
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
            Path shot = Path.of("target", "browser-logs", "river-web.png");
            Files.write(shot, tab.screenshot());
        }
    }

    @Test
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
