package dev.river.component.webrtc.browser;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One headless Debian Chromium for a whole test class, with a fake camera playing a chosen y4m file. Tabs are opened
 * and closed over the DevTools HTTP endpoints (/json/new, /json/close), so no WebSocket client is needed. Only the
 * process this class started (and its children) is ever stopped.
 */
public final class ChromiumBrowser implements AutoCloseable {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final Process process;
    private final Path profile;
    private final int devToolsPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ChromiumBrowser(Process process, Path profile, int devToolsPort) {
        this.process = process;
        this.profile = profile;
        this.devToolsPort = devToolsPort;
    }

    public static String executable() {
        for (String candidate : new String[] { "/usr/bin/chromium", "/usr/lib/chromium/chromium" }) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    public static ChromiumBrowser start(Path fakeVideo, Path logFile) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("river-chromium-");
        List<String> command = new ArrayList<>(List.of(executable(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream=fps=30", "--allow-loopback-in-peer-connection",
                "--autoplay-policy=no-user-gesture-required", "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--disable-background-timer-throttling",
                "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"));
        if (fakeVideo != null) {
            command.add("--use-file-for-fake-video-capture=" + fakeVideo);
        }
        command.add("about:blank");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("chromium exited with " + process.exitValue() + "; see " + logFile);
            }
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return new ChromiumBrowser(process, profile, Integer.parseInt(lines.get(0).trim()));
                }
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IOException("chromium did not open its DevTools port; see " + logFile);
    }

    /** Opens a tab and returns its DevTools target id. */
    public String open(String url) throws IOException, InterruptedException {
        String target = "http://127.0.0.1:" + devToolsPort + "/json/new?" + URLEncoder.encode(url, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(target))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = ID.matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) {
            throw new IOException("cannot open a tab: " + response.statusCode() + " " + response.body());
        }
        return m.group(1);
    }

    public void close(String tabId) {
        try {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + devToolsPort + "/json/close/" + tabId))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // the tab is gone either way once the browser stops
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temp dir; best effort
        }
    }
}
