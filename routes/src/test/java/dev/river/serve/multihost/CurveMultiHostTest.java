package dev.river.serve.multihost;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.river.component.zeromq.CurveKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Workers on another "host": the real river-proxy jar runs in network namespace a, real onnx-worker jars in
 * namespace b, joined by a veth pair; the proxy's backend is a CURVE server with an allowlist of worker keys made by
 * {@code ./river keys}' code. A client in namespace a gets OK results through the CURVE worker; a worker whose key
 * is not on the allowlist is refused and counted; a worker without CURVE gets nothing. Then the graceful stops:
 * SIGTERM to the worker while requests are in flight (each is answered, the worker leaves without WORKER_LOST), and
 * SIGTERM to the proxy with requests queued (each is answered SHUTTING_DOWN).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CurveMultiHostTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PROXY_JAR = Path.of("..", "proxy", "target", "river-proxy.jar").toAbsolutePath();
    private static final Path WORKER_JAR = Path.of("..", "onnx-worker", "target", "river-onnx-worker.jar").toAbsolutePath();
    private static final Path IMAGE = Path.of("..", "testdata", "astronaut.png").toAbsolutePath();
    private static final long WAIT_MS = 60_000;

    private NetworkNamespaces ns;
    private Path keys;
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, Process> byName = new HashMap<>();
    private final Map<String, Path> logs = new HashMap<>();
    private Process client;
    private Writer clientIn;
    private final BlockingQueue<String> clientOut = new LinkedBlockingQueue<>();
    private int requestSeq;

    @BeforeAll
    void startProxyAndWorkersOnTwoHosts() throws Exception {
        String[] why = new String[1];
        ns = NetworkNamespaces.create(why);
        Assumptions.assumeTrue(ns != null, () -> "skipped: " + why[0]);
        keys = Files.createTempDirectory("river-curve-keys");
        Path authorized = keys.resolve("authorized-workers");
        CurveKeys.writeKeyPair(keys, "proxy");
        CurveKeys.writeKeyPair(authorized, "worker-good");
        CurveKeys.writeKeyPair(keys, "worker-intruder");

        String backend = "tcp://" + ns.addressA + ":5556";
        start("proxy", ns.a, PROXY_JAR,
                "--river.proxy.frontend=tcp://" + ns.addressA + ":5555",
                "--river.proxy.backend=" + backend,
                "--river.proxy.heartbeat-interval-ms=250",
                "--river.proxy.heartbeat-liveness-ms=1500",
                "--river.proxy.shutdown-grace-ms=3000",
                "--river.proxy.curve.secret-key=" + keys.resolve("proxy.key"),
                "--river.proxy.curve.authorized-workers=" + authorized,
                "--river.proxy.management-enabled=false");
        startWorker("worker-good", authorized.resolve("worker-good.key"));
        startWorker("worker-intruder", keys.resolve("worker-intruder.key"));
        start("worker-plain", ns.b, WORKER_JAR, "--river.worker.broker=" + backend, "--river.worker.name=worker-plain",
                "--river.worker.management-enabled=false");
        startClient("tcp://" + ns.addressA + ":5555");
    }

    private void startWorker(String name, Path secretKey) throws IOException {
        start(name, ns.b, WORKER_JAR, "--river.worker.broker=tcp://" + ns.addressA + ":5556",
                "--river.worker.name=" + name,
                "--river.worker.curve.server-key=" + keys.resolve("proxy.pub"),
                "--river.worker.curve.secret-key=" + secretKey,
                "--river.worker.management-enabled=false");
    }

    private void start(String name, String namespace, Path jar, String... args) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn install -DskipTests)");
        }
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path logDir = Files.createDirectories(Path.of("target", "service-logs"));
        Path log = logDir.resolve("multihost-" + name + "-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(NetworkNamespaces.in(namespace, command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).directory(new File(".")).start();
        processes.add(p);
        byName.put(name, p);
        logs.put(name, log);
    }

    private void startClient(String frontend) throws IOException {
        List<String> command = List.of(javaBin(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                NamespaceClient.class.getName(), frontend);
        client = new ProcessBuilder(NetworkNamespaces.in(ns.a, command)).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        processes.add(client);
        clientIn = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    clientOut.add(line);
                }
            } catch (IOException e) {
                // the client ended
            }
        }, "namespace-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @AfterAll
    void stopEverythingAndDeleteTheNamespaces() throws Exception {
        try {
            for (Process p : processes) {
                if (p.isAlive()) {
                    p.destroy();
                }
            }
            for (Process p : processes) {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            if (ns != null) {
                ns.close();
            }
            if (keys != null) {
                try (var files = Files.walk(keys)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    // ---- the client in namespace a -----------------------------------------------------------------

    private void command(String line) throws IOException {
        clientIn.write(line + "\n");
        clientIn.flush();
    }

    private String request(long deadline) throws IOException {
        String id = "r" + (++requestSeq);
        command("REQUEST " + id + " blazeface " + deadline + " " + IMAGE);
        return id;
    }

    /** The next client line matching {@code wanted}, skipping others. */
    private String next(Predicate<String> wanted, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + WAIT_MS;
        String line;
        while (System.currentTimeMillis() < end) {
            line = clientOut.poll(end - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
            if (line != null && wanted.test(line)) {
                return line;
            }
        }
        fail("no " + what + " within " + WAIT_MS + " ms; logs: " + logs);
        return null;
    }

    private JsonNode stats() throws Exception {
        command("STATS");
        return JSON.readTree(next(l -> l.startsWith("STATS "), "STATS").substring(6));
    }

    private void await(String what, Predicate<JsonNode> condition) throws Exception {
        long end = System.currentTimeMillis() + WAIT_MS;
        JsonNode s = null;
        while (System.currentTimeMillis() < end) {
            s = stats();
            if (condition.test(s)) {
                return;
            }
            Thread.sleep(200);
        }
        fail("timed out waiting for " + what + "; last STATS " + s + "; logs: " + logs);
    }

    private static List<String> workerNames(JsonNode stats) {
        List<String> names = new ArrayList<>();
        stats.path("workers").forEach(w -> names.add(w.path("name").asText()));
        return names;
    }

    /** A REPLY line split into id, status, metadata and payload. */
    private static String[] reply(String line) {
        String[] p = line.split(" ", 5);
        return new String[] {p[1], p[2], p[3], p.length > 4 ? p[4] : ""};
    }

    // ---- tests -------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void clientInNamespaceAGetsResultsFromTheCurveWorkerInNamespaceB() throws Exception {
        await("worker-good listed", s -> workerNames(s).contains("worker-good"));
        for (int i = 0; i < 3; i++) {
            String id = request(System.currentTimeMillis() + 30_000);
            String[] r = reply(next(l -> l.startsWith("REPLY " + id + " "), "REPLY " + id));
            assertEquals("OK", r[1], r[2]);
            assertTrue(r[2].contains("\"worker\":\"worker-good\""), r[2]);
            JsonNode result = JSON.readTree(r[3]);
            assertEquals(1, result.path("detections").size(), r[3]);
            assertEquals("face", result.path("detections").get(0).path("label").asText());
        }
    }

    @Test
    @Order(2)
    void workerWithAKeyNotOnTheAllowlistIsRefusedAndCounted() throws Exception {
        await("refused worker counted", s -> s.path("counters").path("refusedWorkers").asLong() >= 1);
        JsonNode s = stats();
        assertEquals(List.of("worker-good"), workerNames(s));
        assertEquals(1, s.path("counters").path("workersJoined").asLong(), s.toString());
        String proxyLog = Files.readString(logs.get("proxy"));
        String intruderKey = CurveKeys.resolve("k", keys.resolve("worker-intruder.pub").toString(), false);
        assertTrue(proxyLog.contains("public key " + intruderKey + " is not authorized"), proxyLog);
    }

    @Test
    @Order(3)
    void workerWithoutCurveGetsNothing() throws Exception {
        assertTrue(Files.readString(logs.get("worker-plain")).contains("broker silent")
                || waitForLog("worker-plain", "broker silent"), "the plain worker never heard the broker");
        assertEquals(List.of("worker-good"), workerNames(stats()));
        assertTrue(byName.get("worker-plain").isAlive(), "a refused worker keeps running (and retrying)");
    }

    @Test
    @Order(4)
    void sigtermToTheWorkerMidRequestStillAnswersEveryRequestWithoutWorkerLost() throws Exception {
        // the refused workers are not needed any more
        for (String n : List.of("worker-intruder", "worker-plain")) {
            byName.get(n).destroy();
        }
        List<String> ids = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 15_000;
        for (int i = 0; i < 12; i++) {
            ids.add(request(deadline));
        }
        String first = next(l -> l.startsWith("REPLY "), "first REPLY of the burst");
        assertEquals("OK", reply(first)[1], first);
        Process worker = byName.get("worker-good");
        worker.destroy(); // SIGTERM: Camel's graceful shutdown, the worker drains
        Map<String, String> statuses = new HashMap<>();
        statuses.put(reply(first)[0], reply(first)[1]);
        while (statuses.size() < ids.size()) {
            String[] r = reply(next(l -> l.startsWith("REPLY "), "REPLY for every request"));
            statuses.put(r[0], r[1]);
        }
        assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "the worker did not exit after SIGTERM");
        long ok = statuses.values().stream().filter("OK"::equals).count();
        assertTrue(ok >= 2, "replies " + statuses);
        // what the worker never got waited for a worker until its deadline: NO_WORKER, never lost
        assertTrue(statuses.values().stream().allMatch(s -> s.equals("OK") || s.equals("NO_WORKER")),
                "replies " + statuses);
        JsonNode s = stats();
        assertEquals(List.of(), workerNames(s));
        assertEquals(0, s.path("counters").path("workerLost").asLong(), s.toString());
        assertEquals(1, s.path("counters").path("workersDraining").asLong(), s.toString());
        assertTrue(Files.readString(logs.get("worker-good")).contains("READY with 0 slots sent"));
    }

    @Test
    @Order(5)
    void sigtermToTheProxyAnswersEveryQueuedRequest() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(request(System.currentTimeMillis() + 60_000));
        }
        await("5 queued", s -> s.path("queued").asInt() == 5);
        Process proxy = byName.get("proxy");
        proxy.destroy();
        Map<String, String> statuses = new HashMap<>();
        while (statuses.size() < ids.size()) {
            String[] r = reply(next(l -> l.startsWith("REPLY "), "REPLY for every queued request"));
            statuses.put(r[0], r[1]);
        }
        for (String id : ids) {
            assertEquals("SHUTTING_DOWN", statuses.get(id), "reply to " + id);
        }
        assertTrue(proxy.waitFor(30, TimeUnit.SECONDS), "the proxy did not exit after SIGTERM");
    }

    private boolean waitForLog(String name, String text) throws Exception {
        long end = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < end) {
            if (Files.readString(logs.get(name)).contains(text)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}
