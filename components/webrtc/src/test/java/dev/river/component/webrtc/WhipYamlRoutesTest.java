package dev.river.component.webrtc;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

import dev.river.component.webrtc.bench.LoopbackWebRtcPeer;
import dev.river.component.webrtc.transport.WebRtcServer;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WHIP exchange over real HTTP with the routes written in YAML (src/test/resources/routes/webrtc-whip.yaml): a
 * plain-Java peer POSTs its offer, connects with the answer, and DELETEs the Location.
 */
class WhipYamlRoutesTest {

    private static CamelContext context;
    private static int httpPort;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startCamel() throws Exception {
        httpPort = freeTcpPort();
        context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.setProperty("webrtc.port", String.valueOf(freeUdpPort()));
        context.getPropertiesComponent().setInitialProperties(properties);
        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost("127.0.0.1");
        http.setBindPort(httpPort);
        context.addService(new VertxPlatformHttpServer(http));
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context,
                "classpath:routes/webrtc-whip.yaml"));
        context.start();
    }

    @AfterAll
    static void stopCamel() {
        context.stop();
    }

    @Test
    void aWhipOfferGets201WithAnAnswerAndADeletableLocation() throws Exception {
        try (LoopbackWebRtcPeer peer = new LoopbackWebRtcPeer()) {
            HttpResponse<String> created = send("POST", "/whip", "application/sdp", peer.offer());
            assertEquals(201, created.statusCode(), created::body);
            assertEquals("application/sdp", created.headers().firstValue("Content-Type").orElse(""));
            String location = created.headers().firstValue("Location").orElseThrow();
            assertTrue(location.startsWith("/whip/"), location);
            assertTrue(created.body().contains("a=ice-lite"));
            assertTrue(created.headers().firstValue("User-Agent").isEmpty(), "request headers are not echoed");
            peer.connect(created.body());
            WebRtcServer server = context.getComponent("webrtc", WebRtcComponent.class).getServer("camera");
            String id = location.substring("/whip/".length());
            assertTrue(server.session(id) != null);
            assertEquals(200, send("DELETE", location, null, null).statusCode());
            assertNull(server.session(id));
            assertEquals(404, send("DELETE", location, null, null).statusCode());
        }
    }

    @Test
    void aMalformedOfferGets400WithTheReason() throws Exception {
        HttpResponse<String> response = send("POST", "/whip", "application/sdp", "v=0\r\nthis is not sdp\r\n");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().startsWith("malformed offer:"), response.body());
    }

    @Test
    void aWhepOfferForAnUnknownPublisherGets404() throws Exception {
        try (LoopbackWebRtcPeer peer = new LoopbackWebRtcPeer()) {
            String offer = peer.offer().replace("a=sendrecv", "a=recvonly");
            assertEquals(404, send("POST", "/whep/0123456789abcdef", "application/sdp", offer).statusCode());
        }
    }

    private static HttpResponse<String> send(String method, String path, String type, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10));
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
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
