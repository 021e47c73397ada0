package dev.river.serve;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.river.serve.security.HttpBodyLimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every HTTP entry point of river-serve (WHIP, WHEP, /api, the results WebSocket, the web app) against a client that
 * has no token, comes from a foreign origin, or sends malformed or oversize input: each gets a clear status and
 * reason, and river-serve goes on serving the next request (checked after every test).
 */
class HttpEntryPointsTest {

    private static final String TOKEN = "s3cret-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ServeInstance serve;

    @BeforeAll
    static void start() throws Exception {
        serve = ServeInstance.start("river.serve.auth-token", TOKEN);
    }

    @AfterAll
    static void stop() {
        if (serve != null) {
            serve.close();
        }
    }

    @AfterEach
    void theServiceKeepsServing() throws Exception {
        HttpResponse<String> r = send(get("/api/status").header("Authorization", "Bearer " + TOKEN));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(200, send(get("/")).statusCode(), "the web app");
    }

    @Test
    void theApiWithoutTheTokenIs401WithTheReason() throws Exception {
        HttpResponse<String> r = send(get("/api/sessions"));
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("bearer token is required"), r.body());
        assertEquals("Bearer realm=\"river\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals(401, send(get("/api/sessions").header("Authorization", "Bearer wrong")).statusCode());
        assertEquals(401, send(get("/api/status").header("Authorization", TOKEN)).statusCode(), "Bearer scheme needed");
    }

    @Test
    void theApiWithTheTokenAndTheAppsOwnOriginAnswers() throws Exception {
        HttpResponse<String> r = send(get("/api/sessions").header("Authorization", "Bearer " + TOKEN)
                .header("Origin", "http://localhost:" + serve.httpPort));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("[]", r.body());
    }

    @Test
    void aForeignOriginIs403EvenWithTheToken() throws Exception {
        HttpResponse<String> r = send(get("/api/status").header("Authorization", "Bearer " + TOKEN)
                .header("Origin", "http://evil.example"));
        assertEquals(403, r.statusCode());
        assertEquals("origin http://evil.example is not allowed (river.serve.allowed-origins)\n", r.body());
        assertEquals(403, send(whip("v=0\r\n").header("Origin", "http://127.0.0.1:1")).statusCode(), "another port");
    }

    @Test
    void whipAndWhepWithoutTheTokenAre401() throws Exception {
        assertEquals(401, send(HttpRequest.newBuilder(uri("/whip")).header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString("v=0\r\n"))).statusCode());
        assertEquals(401, send(HttpRequest.newBuilder(uri("/whip/abc")).DELETE()).statusCode());
        assertEquals(401, send(HttpRequest.newBuilder(uri("/whep/abc")).header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString("v=0\r\n"))).statusCode());
        assertEquals(401, send(HttpRequest.newBuilder(uri("/whep/abc/def")).DELETE()).statusCode());
    }

    @Test
    void whipWithGarbageSdpIs400WithTheReason() throws Exception {
        HttpResponse<String> r = send(whip("this is not SDP \u0000\u00ff at all"));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("malformed offer"), r.body());
        assertEquals(400, send(whip("")).statusCode(), "empty offer");
    }

    @Test
    void whipWithAnotherContentTypeIs415() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/whip")).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(415, r.statusCode());
        assertTrue(r.body().contains("application/sdp"), r.body());
    }

    @Test
    void anOversizeBodyIs413OnEveryEntryPointWithTheReasonAndIsCounted() throws Exception {
        HttpBodyLimit limit = serve.bean("httpBodyLimit", HttpBodyLimit.class);
        long before = limit.rejected();
        String huge = "a=x\r\n".repeat(20_000); // 100 KB > river.serve.max-body-bytes (64 KiB)
        HttpResponse<String> r = send(whip(huge));
        assertEquals(413, r.statusCode(), "WHIP");
        assertTrue(r.body().contains("river.serve.max-body-bytes"), r.body());
        assertEquals(413, send(HttpRequest.newBuilder(uri("/whep/abc")).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString(huge))).statusCode(),
                "WHEP");
        assertEquals(413, send(HttpRequest.newBuilder(uri("/whip/abc")).header("Authorization", "Bearer " + TOKEN)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(huge))).statusCode(), "WHIP PATCH");
        assertEquals(3, limit.rejected() - before, "river_http_requests_rejected_total{reason=\"body_too_large\"}");
    }

    @Test
    void unknownWhipAndWhepResourcesAre404() throws Exception {
        assertEquals(404, send(HttpRequest.newBuilder(uri("/whip/nosuchsession")).header("Authorization", "Bearer " + TOKEN)
                .DELETE()).statusCode());
        assertEquals(404, send(HttpRequest.newBuilder(uri("/whep/nosuchpublisher")).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString(
                        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"))).statusCode());
    }

    @Test
    void theResultsWebSocketWithoutTheTokenIs401AndFromAForeignOriginIs403() throws Exception {
        assertEquals(401, handshakeStatus(ws("/sessions/abc/results"), null));
        assertEquals(401, handshakeStatus(ws("/sessions/abc/results?access_token=wrong"), null));
        assertEquals(403, handshakeStatus(ws("/sessions/abc/results?access_token=" + TOKEN), "http://evil.example"));
    }

    @Test
    void theResultsWebSocketWithTheTokenOpensAndAnOversizeMessageClosesOnlyThatSocket() throws Exception {
        try (ResultsClient flooder = new ResultsClient(serve.http(), "abc", TOKEN);
             ResultsClient viewer = new ResultsClient(serve.http(), "abc", TOKEN)) {
            assertTrue(RtpPipelineEndToEndTest.await(Duration.ofSeconds(10), () -> flooder.ofType("hello").size() == 1
                                                                                   && viewer.ofType("hello").size() == 1));
            flooder.socket().sendText("x".repeat(5000), true).get(10, TimeUnit.SECONDS);
            assertTrue(RtpPipelineEndToEndTest.await(Duration.ofSeconds(10), () -> flooder.closeCode >= 0), "closed");
            assertEquals(1009, flooder.closeCode, flooder.closeReason);
            assertTrue(flooder.closeReason.contains("4096"), flooder.closeReason);
            viewer.socket().sendText("small messages are ignored", true).get(10, TimeUnit.SECONDS);
            assertEquals(-1, viewer.closeCode, "the other socket stays open");
        }
        try (ResultsClient again = new ResultsClient(serve.http(), "abc", TOKEN)) {
            assertTrue(RtpPipelineEndToEndTest.await(Duration.ofSeconds(10), () -> again.ofType("hello").size() == 1),
                    "new sockets are still accepted");
        }
    }

    @Test
    void everyDefaultListensOnLoopbackOnly() throws Exception {
        Properties defaults = new Properties();
        try (var in = ServeApplication.class.getClassLoader().getResourceAsStream("application.properties")) {
            defaults.load(in);
        }
        assertEquals("127.0.0.1", defaults.getProperty("river.serve.bind"));
        assertEquals("127.0.0.1", defaults.getProperty("river.serve.management-bind"));
        assertEquals("{{river.serve.bind}}", defaults.getProperty("camel.server.host"));
        assertEquals("{{river.serve.management-bind}}", defaults.getProperty("camel.management.host"));
        assertEquals("127.0.0.0/8", defaults.getProperty("river.serve.webrtc.allowed-peer-networks"));
        assertTrue(defaults.getProperty("river.serve.rtp.egress").startsWith("127.0.0.1:"));
        assertTrue(defaults.getProperty("river.serve.proxy").startsWith("tcp://127.0.0.1:"));
        // and the running HTTP server's listening socket is bound to 127.0.0.1 (the kernel's own table says so)
        // (Java's sockets are dual-stack: 127.0.0.1 shows as ::ffff:127.0.0.1 in tcp6)
        List<String> listening = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(String.format(":%04X", serve.httpPort)) && "0A".equals(f[3])) {
                    listening.add(f[1]);
                }
            }
        }
        assertEquals(1, listening.size(), "one listening socket on the HTTP port: " + listening);
        assertTrue(listening.get(0).startsWith("0100007F:") || listening.get(0).startsWith("0000000000000000FFFF00000100007F:"),
                "bound to 127.0.0.1: " + listening.get(0));
    }

    private static int handshakeStatus(URI uri, String origin) throws Exception {
        WebSocket.Builder b = HTTP.newWebSocketBuilder();
        if (origin != null) {
            b.header("Origin", origin);
        }
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> b.buildAsync(uri, new WebSocket.Listener() {
                }).get(10, TimeUnit.SECONDS));
        Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
        assertTrue(cause instanceof WebSocketHandshakeException, String.valueOf(cause));
        return ((WebSocketHandshakeException) cause).getResponse().statusCode();
    }

    private static HttpRequest.Builder whip(String sdp) {
        return HttpRequest.newBuilder(uri("/whip")).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString(sdp));
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private static URI uri(String path) {
        return URI.create(serve.http() + path);
    }

    private static URI ws(String path) {
        return URI.create(serve.http().replace("http:", "ws:") + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
