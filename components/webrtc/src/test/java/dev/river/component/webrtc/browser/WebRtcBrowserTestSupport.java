package dev.river.component.webrtc.browser;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.river.component.webrtc.WebRtcComponent;
import dev.river.component.webrtc.WebRtcConstants;
import dev.river.component.webrtc.signalling.WebRtcSignallingRoutes;
import dev.river.component.webrtc.transport.RtpPackets;
import dev.river.component.webrtc.transport.WebRtcServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;

/**
 * Shared set-up for tests with a real browser: one Camel context serving WHIP/WHEP, the test page and a report sink
 * over platform-http on 127.0.0.1; two webrtc: servers echoing every packet back ("direct", and "lossy" behind a
 * {@link LossyUdpRelay}); one headless Chromium for the whole class.
 */
public abstract class WebRtcBrowserTestSupport {

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static CamelContext context;
    protected static ChromiumBrowser chromium;
    protected static LossyUdpRelay relay;
    protected static int httpPort;
    protected static int directPort;
    protected static int lossyPort;
    protected static final Map<String, CopyOnWriteArrayList<JsonNode>> REPORTS = new ConcurrentHashMap<>();
    protected static final Map<String, SessionProbe> PROBES = new ConcurrentHashMap<>();
    protected static final CopyOnWriteArrayList<String> EVENTS = new CopyOnWriteArrayList<>();
    protected static final HttpClient HTTP = HttpClient.newHttpClient();

    /** What the consumer saw of one session. */
    protected static final class SessionProbe {
        final AtomicLong packets = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong keyframePackets = new AtomicLong();
        final AtomicLong keyframes = new AtomicLong();
        final AtomicBoolean requestKeyframe = new AtomicBoolean();
        final AtomicLong lastKeyframeTimestamp = new AtomicLong(-1);
        final AtomicLong payloadType = new AtomicLong(-1);
        final Map<Long, AtomicLong> bytesPerSecond = new ConcurrentHashMap<>();
        volatile long firstPacketMillis;

        long maxBitrateWithin(long windowMillis) {
            long limit = firstPacketMillis / 1000 + windowMillis / 1000;
            return bytesPerSecond.entrySet().stream()
                    .filter(e -> e.getKey() > firstPacketMillis / 1000 && e.getKey() < limit)
                    .mapToLong(e -> e.getValue().get() * 8).max().orElse(0);
        }
    }

    /** Starts the Camel side: platform-http (page, reports, WHIP/WHEP) and the two echoing webrtc: servers. */
    protected static void startServer() throws Exception {
        httpPort = freeTcpPort();
        directPort = freeUdpPort();
        lossyPort = freeUdpPort();
        relay = new LossyUdpRelay(new InetSocketAddress("127.0.0.1", lossyPort));
        // peers only from loopback: Chromium also checks from the host's other addresses, which must not be used
        String direct = "port=" + directPort + "&allowedPeerNetworks=127.0.0.0/8";
        String lossy = "port=" + lossyPort + "&candidateAddresses=127.0.0.1:" + relay.port() + "&consentTimeout=4000"
                       + "&allowedPeerNetworks=127.0.0.0/8";

        context = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost("127.0.0.1");
        http.setBindPort(httpPort);
        context.addService(new VertxPlatformHttpServer(http));
        context.addComponent("webrtc", new WebRtcComponent());
        String page = new String(resource("/webrtc-test-page.html"), StandardCharsets.UTF_8);
        context.addRoutes(new WebRtcSignallingRoutes("direct", direct, "/whip", "/whep"));
        context.addRoutes(new WebRtcSignallingRoutes("lossy", lossy, "/lossy/whip", "/lossy/whep"));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/test/page.html").setHeader(Exchange.CONTENT_TYPE, constant("text/html"))
                        .setBody(constant(page));
                from("platform-http:/test/report?httpMethodRestrict=POST").process(e -> {
                    JsonNode node = JSON.readTree(e.getMessage().getBody(String.class));
                    REPORTS.computeIfAbsent(node.path("label").asText(), k -> new CopyOnWriteArrayList<>()).add(node);
                    e.getMessage().removeHeaders("*");
                    e.getMessage().setBody("");
                    e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
                });
                for (String[] server : new String[][] { { "direct", direct }, { "lossy", lossy } }) {
                    String uri = "webrtc:" + server[0] + "?" + server[1];
                    from(uri + "&sessionEvents=true").routeId("echo-" + server[0])
                            .choice()
                            .when(header(WebRtcConstants.EVENT_TYPE).isNotNull())
                                .process(e -> EVENTS.add(e.getMessage().getHeader(WebRtcConstants.EVENT_TYPE) + " "
                                                         + e.getMessage().getHeader(WebRtcConstants.SESSION_ID)))
                            .otherwise()
                                .process(WebRtcBrowserTestSupport::probe)
                                .to(uri);
                }
            }
        });
        context.start();
    }

    /** One headless Chromium with a detailed fake camera, shared by the class. */
    protected static void startChromium() throws Exception {
        Path video = FakeCameraVideo.write(Files.createTempFile("river-fake-camera-", ".y4m"), 90);
        video.toFile().deleteOnExit();
        chromium = ChromiumBrowser.start(video, logDirectory().resolve("chromium.log"));
    }

    protected static Path logDirectory() throws IOException {
        return Files.createDirectories(Path.of("target", "browser-logs"));
    }

    @AfterAll
    static void stopBrowserAndServer() throws Exception {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
        if (context != null) {
            context.stop();
        }
        if (relay != null) {
            relay.close();
        }
        REPORTS.clear();
        PROBES.clear();
        EVENTS.clear();
    }

    private static void probe(Exchange exchange) {
        String session = exchange.getMessage().getHeader(WebRtcConstants.SESSION_ID, String.class);
        byte[] packet = exchange.getMessage().getBody(byte[].class);
        SessionProbe p = PROBES.computeIfAbsent(session, s -> new SessionProbe());
        long now = System.currentTimeMillis();
        if (p.packets.getAndIncrement() == 0) {
            p.firstPacketMillis = now;
        }
        p.bytes.addAndGet(packet.length);
        p.bytesPerSecond.computeIfAbsent(now / 1000, k -> new AtomicLong()).addAndGet(packet.length);
        p.payloadType.set(exchange.getMessage().getHeader(WebRtcConstants.PAYLOAD_TYPE, Integer.class));
        int offset = RtpPackets.payloadOffset(packet, 0, packet.length);
        if (RtpPackets.isH264Keyframe(packet, offset, RtpPackets.payloadLength(packet, 0, packet.length, offset))) {
            p.keyframePackets.incrementAndGet();
            long ts = RtpPackets.timestamp(packet, 0);
            if (p.lastKeyframeTimestamp.getAndSet(ts) != ts) {
                p.keyframes.incrementAndGet();
            }
        }
        if (p.requestKeyframe.compareAndSet(true, false)) {
            exchange.getMessage().setHeader(WebRtcConstants.KEYFRAME_REQUEST, true);
        }
    }

    protected static WebRtcServer server(String name) {
        return context.getComponent("webrtc", WebRtcComponent.class).getServer(name);
    }

    protected static String pageUrl(String whip, String label) {
        return "http://127.0.0.1:" + httpPort + "/test/page.html?whip=" + whip + "&label=" + label;
    }

    protected static String viewerUrl(String whep, String label) {
        return "http://127.0.0.1:" + httpPort + "/test/page.html?whep=" + whep + "&label=" + label;
    }

    protected static JsonNode lastReport(String label) {
        CopyOnWriteArrayList<JsonNode> list = REPORTS.get(label);
        return list == null || list.isEmpty() ? null : list.get(list.size() - 1);
    }

    /** The session id from the WHIP Location the page reported. */
    protected static String sessionOf(String label) {
        JsonNode r = lastReport(label);
        if (r == null || r.path("resource").isNull() || r.path("resource").isMissingNode()) {
            return null;
        }
        String resource = r.path("resource").asText();
        return resource.substring(resource.lastIndexOf('/') + 1);
    }

    protected static HttpResponse<String> http(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls a condition every 100 ms; the timeout bounds the test, it is not the measured quantity. */
    protected static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WebRtcBrowserTestSupport.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }
}
