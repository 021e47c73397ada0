package dev.river.serve;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One headless Debian Chromium (flags from DESIGN.md; loopback WebRTC allowed) with a fake camera playing a y4m, and
 * a minimal DevTools client (java.net.http WebSocket) that evaluates JavaScript in a tab, e.g. to read
 * {@code window.river}. Only the process this class started (and its children) is ever stopped.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final Path profile;
    private final int devToolsPort;
    private final HttpClient http = HttpClient.newHttpClient();

    private HeadlessChromium(Process process, Path profile, int devToolsPort) {
        this.process = process;
        this.profile = profile;
        this.devToolsPort = devToolsPort;
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/chromium"));
    }

    static HeadlessChromium start(Path fakeVideo, Path log) throws IOException, InterruptedException {
        return start(fakeVideo, log, "1280,800");
    }

    static HeadlessChromium start(Path fakeVideo, Path log, String windowSize) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("river-serve-chromium-");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream=fps=30", "--use-file-for-fake-video-capture=" + fakeVideo,
                "--allow-loopback-in-peer-connection", "--autoplay-policy=no-user-gesture-required",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=" + windowSize,
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows", "about:blank"));
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return new HeadlessChromium(p, profile, Integer.parseInt(lines.get(0).trim()));
                }
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new IOException("chromium did not start; see " + log);
    }

    /** A tab with a DevTools connection. */
    final class Tab implements WebSocket.Listener, AutoCloseable {
        final String id;
        private final WebSocket ws;
        private final AtomicInteger ids = new AtomicInteger();
        private final java.util.Map<Integer, CompletableFuture<JsonNode>> pending = new java.util.concurrent.ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();

        Tab(String id, String wsUrl) throws Exception {
            this.id = id;
            this.ws = http.newWebSocketBuilder().buildAsync(URI.create(wsUrl), this).get(10, TimeUnit.SECONDS);
        }

        /** Evaluates an expression (promises awaited) and returns its value as JSON. */
        JsonNode eval(String expression) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> f = new CompletableFuture<>();
            pending.put(id, f);
            String msg = JSON.writeValueAsString(java.util.Map.of("id", id, "method", "Runtime.evaluate", "params",
                    java.util.Map.of("expression", expression, "returnByValue", true, "awaitPromise", true)));
            ws.sendText(msg, true).get(5, TimeUnit.SECONDS);
            JsonNode reply = f.get(30, TimeUnit.SECONDS);
            return reply.path("result").path("result").path("value");
        }

        /** JSON.parse(JSON.stringify(window.river)). */
        JsonNode river() throws Exception {
            JsonNode v = eval("JSON.stringify(window.river || null)");
            return JSON.readTree(v.asText("null"));
        }

        byte[] screenshot() throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> f = new CompletableFuture<>();
            pending.put(id, f);
            ws.sendText(JSON.writeValueAsString(java.util.Map.of("id", id, "method", "Page.captureScreenshot",
                    "params", java.util.Map.of("format", "png"))), true).get(5, TimeUnit.SECONDS);
            return java.util.Base64.getDecoder().decode(f.get(30, TimeUnit.SECONDS).path("result").path("data").asText());
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode node = JSON.readTree(partial.toString());
                    CompletableFuture<JsonNode> f = node.has("id") ? pending.remove(node.get("id").asInt()) : null;
                    if (f != null) {
                        f.complete(node);
                    }
                } catch (IOException e) {
                    // not ours to handle
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            ws.abort();
            try {
                http.send(HttpRequest.newBuilder(URI.create(base() + "/json/close/" + id)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // gone with the browser
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    Tab open(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/json/new?"
                + URLEncoder.encode(url, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode target = JSON.readTree(r.body());
        return new Tab(target.path("id").asText(), target.path("webSocketDebuggerUrl").asText());
    }

    private String base() {
        return "http://127.0.0.1:" + devToolsPort;
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // temp dir
        }
    }
}
