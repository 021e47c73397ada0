package dev.river.serve;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retakes the README's picture of the web app (not part of the normal suite): the camera running, boxes on the face,
 * nothing over the video. {@code mvn -o -pl routes verify -Dtest=ReadmeScreenshotTest
 * -Driver.readme-screenshot=$PWD/docs/images/river-web.png -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(named = "river.readme-screenshot", matches = ".+")
class ReadmeScreenshotTest {

    @Test
    void screenshotOfThePageWithTheCameraRunningAndABoxOnTheFace() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.available(), "Debian chromium is not installed");
        ServeServices services = ServeServices.get();
        try (HeadlessChromium chromium = HeadlessChromium.start(FaceClip.y4mPlain(150),
                Path.of("target", "browser-logs", "chromium-screenshot.log"), "1280,860");
             HeadlessChromium.Tab tab = chromium.open(services.http() + "/?autostart=1&delay=" + services.delayMillis
                                                         + "&token=" + services.token)) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            JsonNode river = null;
            while (System.nanoTime() < deadline) {
                river = tab.river();
                JsonNode frames = river == null ? null : river.path("frames");
                // a few seconds of stats, and the frame on screen has its box
                if (frames != null && frames.size() >= 150 && frames.get(frames.size() - 1).path("drawn").asBoolean()
                    && river.path("workers").asInt() > 0) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals("playing", river.path("state").asText());
            assertTrue(river.path("message").isNull() || river.path("message").isMissingNode(), "no message over the page: " + river.path("message"));
            assertTrue(tab.eval("document.getElementById('placeholder').offsetParent === null").asBoolean(), "placeholder hidden");
            Path out = Path.of(System.getProperty("river.readme-screenshot"));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, tab.screenshot());
        }
    }
}
