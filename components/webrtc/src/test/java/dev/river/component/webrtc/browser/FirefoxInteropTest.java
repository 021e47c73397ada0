package dev.river.component.webrtc.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Headless Firefox ESR (Debian package) publishes its fake camera through WHIP like Chromium does. Firefox encodes
 * H264 only through Cisco's OpenH264 plugin, which it normally downloads itself and Debian does not package: without
 * it the offer has no H264, river answers 400 with the reason, and this test is skipped with that evidence. Point
 * MOZ_GMP_PATH at an installed gmp-gmpopenh264 directory to run it for real. The profile routes every non-loopback
 * request to a dead local proxy, so the browser talks to nothing but 127.0.0.1.
 */
class FirefoxInteropTest extends WebRtcBrowserTestSupport {

    private static final List<String> PREFS = List.of(
            "media.navigator.streams.fake", "true", "media.navigator.permission.disabled", "true",
            "media.peerconnection.ice.loopback", "true", "media.peerconnection.ice.obfuscate_host_addresses", "false",
            "media.autoplay.default", "0", "media.gmp-manager.updateEnabled", "false",
            "media.gmp-gmpopenh264.autoupdate", "false", "media.gmp-gmpopenh264.enabled", "true",
            "app.update.enabled", "false", "browser.shell.checkDefaultBrowser", "false",
            "datareporting.policy.dataSubmissionEnabled", "false", "datareporting.healthreport.uploadEnabled", "false",
            "toolkit.telemetry.enabled", "false", "network.captive-portal-service.enabled", "false",
            "network.connectivity-service.enabled", "false", "browser.safebrowsing.malware.enabled", "false",
            "browser.safebrowsing.phishing.enabled", "false", "extensions.update.enabled", "false",
            "network.proxy.type", "1", "network.proxy.http", "\"127.0.0.1\"", "network.proxy.http_port", "9",
            "network.proxy.ssl", "\"127.0.0.1\"", "network.proxy.ssl_port", "9",
            "network.proxy.no_proxies_on", "\"127.0.0.1,localhost\"", "network.proxy.allow_hijacking_localhost", "false",
            "media.gmp-manager.url", "\"http://127.0.0.1:9/\"", "services.settings.server", "\"http://127.0.0.1:9/\"");

    private static Process firefox;
    private static Path profile;

    @BeforeAll
    static void startFirefoxAndServer() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/firefox-esr")),
                "Debian firefox-esr is not installed (apt-get install firefox-esr)");
        startServer();
        profile = Files.createTempDirectory("river-firefox-");
        StringBuilder prefs = new StringBuilder();
        for (int i = 0; i < PREFS.size(); i += 2) {
            prefs.append("user_pref(\"").append(PREFS.get(i)).append("\", ").append(PREFS.get(i + 1)).append(");\n");
        }
        Files.writeString(profile.resolve("user.js"), prefs);
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/firefox-esr", "--headless", "--no-remote", "--profile",
                profile.toString(), pageUrl("/whip", "firefox")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logDirectory().resolve("firefox.log").toFile()));
        builder.environment().put("MOZ_DISABLE_CONTENT_SANDBOX", "1");
        firefox = builder.start();
    }

    @AfterAll
    static void stopFirefox() throws Exception {
        if (firefox != null) {
            List<ProcessHandle> children = firefox.descendants().toList();
            firefox.destroy();
            if (!firefox.waitFor(5, TimeUnit.SECONDS)) {
                firefox.destroyForcibly();
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // temp dir
            }
        }
    }

    @Test
    void firefoxPublishesOverWhipAndDecodesTheStreamSentBack() throws Exception {
        assertTrue(await(Duration.ofSeconds(45), () -> {
            JsonNode r = lastReport("firefox");
            return r != null && (r.has("error") || r.path("in").path("framesDecoded").asLong() >= 30);
        }), () -> "no report from Firefox; last " + lastReport("firefox"));
        JsonNode report = lastReport("firefox");
        String error = report.path("error").asText("");
        Assumptions.assumeFalse(error.contains("no H264"),
                "Firefox ESR here offers no H264 (OpenH264 plugin missing; set MOZ_GMP_PATH): " + error);
        assertEquals("", error);
        assertEquals(640, report.path("in").path("frameWidth").asInt(), report::toString);
        assertTrue(PROBES.get(sessionOf("firefox")).packets.get() > 100);
    }
}
