package dev.river.ops.hawtio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console against a real Camel Main app with the river services' management server, in another JVM: Hawtio's
 * proxy reaches the app's Jolokia and reads its Camel MBeans, and the configured services are preset as connections.
 */
class HawtioConsoleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ManagedCamelAppProcess app;
    private static Server console;
    private static String base;
    private static int unusedPort;

    @BeforeAll
    static void startAppAndConsole() throws Exception {
        app = ManagedCamelAppProcess.start();
        app.awaitJolokia(Duration.ofSeconds(60));
        unusedPort = ManagedCamelAppProcess.freePort();
        HawtioSettings settings = HawtioSettings.fromLookup(Map.of(
                HawtioSettings.PORT, "0",
                HawtioSettings.BIND, "127.0.0.1",
                HawtioSettings.SERVE_JOLOKIA, app.jolokiaUrl(),
                HawtioSettings.PROXY_JOLOKIA, "http://127.0.0.1:" + unusedPort + "/observe/jolokia",
                HawtioSettings.WORKER_JOLOKIA, "http://127.0.0.1:18083/observe/jolokia,http://localhost:18084/observe/jolokia")
                ::get);
        console = HawtioConsole.start(settings);
        base = "http://127.0.0.1:" + HawtioConsole.port(console);
    }

    @AfterAll
    static void stop() throws Exception {
        if (console != null) {
            console.stop();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void hawtiosProxyReadsTheCamelContextOfTheApp() throws Exception {
        JsonNode state = jolokiaThroughHawtio(app.port(), Map.of("type", "read",
                "mbean", "org.apache.camel:context=" + ManagedCamelApp.NAME + ",type=context,name=\""
                        + ManagedCamelApp.NAME + "\"",
                "attribute", "State"));
        assertEquals(200, state.path("status").asInt(), state.toString());
        assertEquals("Started", state.path("value").asText());
    }

    @Test
    void hawtiosProxyReadsTheAppsRouteStatistics() throws Exception {
        JsonNode routes = jolokiaThroughHawtio(app.port(), Map.of("type", "search",
                "mbean", "org.apache.camel:context=" + ManagedCamelApp.NAME + ",type=routes,*"));
        assertEquals(200, routes.path("status").asInt(), routes.toString());
        String route = routes.path("value").get(0).asText();
        assertTrue(route.contains("name=\"" + ManagedCamelApp.ROUTE_ID + "\""), route);

        JsonNode id = jolokiaThroughHawtio(app.port(), Map.of("type", "read", "mbean", route, "attribute", "RouteId"));
        assertEquals(ManagedCamelApp.ROUTE_ID, id.path("value").asText());
        JsonNode xml = jolokiaThroughHawtio(app.port(), Map.of("type", "exec", "mbean", route,
                "operation", "dumpRouteAsXml(boolean)", "arguments", List.of(true)));
        assertTrue(xml.path("value").asText().contains("timer:tick"), xml.toString());
    }

    @Test
    void presetConnectionsListTheConfiguredServices() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/hawtio/preset-connections"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode presets = JSON.readTree(r.body());
        List<String> names = new ArrayList<>();
        presets.forEach(p -> names.add(p.path("name").asText()));
        assertEquals(List.of("river-serve", "river-proxy", "river-onnx-worker-1", "river-onnx-worker-2"), names);

        JsonNode serve = presets.get(0);
        assertEquals("river-serve", serve.path("id").asText());
        assertEquals("http", serve.path("scheme").asText());
        assertEquals("127.0.0.1", serve.path("host").asText());
        assertEquals(app.port(), serve.path("port").asInt());
        assertEquals("/observe/jolokia", serve.path("path").asText());
        assertEquals(unusedPort, presets.get(1).path("port").asInt());
        assertEquals("localhost", presets.get(3).path("host").asText());
    }

    @Test
    void frontPageInstallsThePresetsIntoHawtiosConnectionList() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("localStorage.setItem(key"), "stores the connections");
        assertTrue(r.body().contains("'connect.connections'"), "under Hawtio's key");
        assertTrue(r.body().contains("hawtio/preset-connections"), "read from the presets");
    }

    @Test
    void hawtioItselfIsServedWithoutLogin() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/hawtio/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("<title>Hawtio</title>"), r.body());
        HttpResponse<String> auth = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/hawtio/auth/config/session-timeout"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(auth.statusCode() < 400, "no login demanded: " + auth.statusCode());
    }

    private static JsonNode jolokiaThroughHawtio(int port, Map<String, Object> request) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                URI.create(base + "/hawtio/proxy/http/127.0.0.1/" + port + "/observe/jolokia"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }
}
