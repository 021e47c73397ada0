package dev.river.serve;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.river.component.zeromq.CurveKeys;
import dev.river.component.zeromq.ZeroMQEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The broker's client side under CURVE ({@code river.proxy.curve.frontend=true} with an allowlist of client keys),
 * as when river-serve or {@code ./river detect} run on another host: clients with an allowed key pair get results,
 * a client without CURVE or with a key not on the list gets nothing. Real proxy and worker processes, keys made by
 * {@code ./river keys}' code.
 */
class CurveFrontendTest extends InferencePlaneTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path keys;
    private static RiverServiceProcess proxy;
    private static RiverServiceProcess worker;
    private static int frontend;

    @BeforeAll
    static void startACurveBrokerAndAWorker() throws Exception {
        keys = Files.createTempDirectory("river-curve-frontend");
        Path clients = Files.createDirectories(keys.resolve("clients"));
        Path workers = Files.createDirectories(keys.resolve("workers"));
        writeUriSafeKeyPair("proxy");
        writeUriSafeKeyPair("serve");
        CurveKeys.writeKeyPair(keys, "detect");
        CurveKeys.writeKeyPair(keys, "stranger");
        CurveKeys.writeKeyPair(keys, "worker");
        Files.copy(keys.resolve("serve.pub"), clients.resolve("serve.pub"));
        Files.copy(keys.resolve("detect.pub"), clients.resolve("detect.pub"));
        Files.copy(keys.resolve("worker.pub"), workers.resolve("worker.pub"));
        frontend = freePort();
        int backend = freePort();
        proxy = RiverServiceProcess.proxy(frontend, backend,
                "--river.proxy.curve.secret-key=" + keys.resolve("proxy.key"),
                "--river.proxy.curve.authorized-workers=" + workers,
                "--river.proxy.curve.frontend=true",
                "--river.proxy.curve.authorized-clients=" + clients);
        worker = RiverServiceProcess.worker("curve-worker", backend,
                "--river.worker.curve.server-key=" + keys.resolve("proxy.pub"),
                "--river.worker.curve.secret-key=" + keys.resolve("worker.key"));
        DetectRun first = null;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end && (first == null || first.exit() != 0)) {
            first = detectWithKey("detect", "--timeout-ms", "2000");
            if (!proxy.isAlive() || !worker.isAlive()) {
                fail("a service exited" + RiverServiceProcess.report(proxy, worker));
            }
        }
        assertEquals(0, first.exit(), "the CURVE worker serves through the CURVE frontend: " + first.err()
                                    + RiverServiceProcess.report(proxy, worker));
    }

    /**
     * A key pair whose Z85 text has no "{{", "}}" or ")&" (a few in a hundred have): river-serve refuses such key
     * text (a property placeholder reads the braces as a nested placeholder, and ")&" ends the RAW(...) value of the
     * route's endpoint URI) and wants the key's file instead (docs/deploy/multi-host.md says so).
     */
    private static void writeUriSafeKeyPair(String name) throws Exception {
        while (true) {
            CurveKeys.writeKeyPair(keys, name);
            String text = Files.readString(keys.resolve(name + ".key"));
            if (!text.contains("{{") && !text.contains("}}") && !text.contains(")&")) {
                return;
            }
            Files.delete(keys.resolve(name + ".key"));
            Files.delete(keys.resolve(name + ".pub"));
        }
    }

    @AfterAll
    static void stopServices() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void detectWithAnAllowedKeyFindsTheFace() throws Exception {
        DetectRun result = detectWithKey("detect");

        assertEquals(0, result.exit(), result.err());
        JsonNode doc = JSON.readTree(result.out().strip());
        assertEquals("OK", doc.path("status").asText());
        assertEquals(1, doc.path("detections").size(), doc.toString());
    }

    @Test
    void detectWithoutCurveGetsNoAnswer() {
        DetectRun result = detect("--broker", tcp(frontend), "--timeout-ms", "500", ASTRONAUT.toString());

        assertEquals(DetectCommand.EXIT_NO_ANSWER, result.exit(), result.out());
    }

    @Test
    void detectWithAKeyNotOnTheAllowlistGetsNoAnswer() {
        DetectRun result = detectWithKey("stranger", "--timeout-ms", "500");

        assertEquals(DetectCommand.EXIT_NO_ANSWER, result.exit(), result.out());
    }

    @ParameterizedTest(name = "keys given as {0}")
    @ValueSource(strings = {"files", "Z85 text"})
    void riverServeWithItsKeysReachesTheBrokerAndItsWorker(String form) throws Exception {
        String server = keys.resolve("proxy.pub").toString();
        String secret = keys.resolve("serve.key").toString();
        if (form.startsWith("Z85")) {
            // Z85 holds & + = ? # %: the YAML route's endpoint parameters must carry them intact
            server = CurveKeys.resolve("server", server, false);
            secret = CurveKeys.resolve("secret", secret, true);
        }
        try (ServeInstance serve = ServeInstance.start(
                "river.serve.proxy", tcp(frontend),
                "river.serve.inference-enabled", "true",
                "river.serve.curve.server-key", server,
                "river.serve.curve.secret-key", secret)) {
            // the inference route's own endpoint, configured from the YAML parameters
            ZeroMQEndpoint inference = serve.context().getEndpoints().stream()
                    .filter(e -> e instanceof ZeroMQEndpoint && e.getEndpointUri().contains("curveServerKey"))
                    .map(ZeroMQEndpoint.class::cast).findFirst()
                    .orElseThrow(() -> new AssertionError("no zeromq: endpoint with CURVE in " + serve.context().getEndpoints()));
            assertTrue(inference.ping(5000), "the inference route's endpoint gets PONG through CURVE");

            HttpClient http = HttpClient.newHttpClient();
            JsonNode status = null;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < end) {
                status = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(serve.http() + "/api/status")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).path("broker");
                if (status.path("reachable").asBoolean() && status.path("models").path("blazeface").asInt() == 1) {
                    return;
                }
                Thread.sleep(100);
            }
            fail("/api/status never saw the broker and its worker through CURVE: " + status);
        }
    }

    private static DetectRun detectWithKey(String name, String... options) {
        String[] args = new String[6 + options.length + 1];
        args[0] = "--broker";
        args[1] = tcp(frontend);
        args[2] = "--curve-server-key";
        args[3] = keys.resolve("proxy.pub").toString();
        args[4] = "--curve-secret-key";
        args[5] = keys.resolve(name + ".key").toString();
        System.arraycopy(options, 0, args, 6, options.length);
        args[args.length - 1] = ASTRONAUT.toString();
        return detect(args);
    }

}
