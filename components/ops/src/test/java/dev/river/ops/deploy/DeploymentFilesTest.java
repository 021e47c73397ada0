package dev.river.ops.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.river.main.ServiceSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The deployment files of docs/deploy agree with the code: Kubernetes manifests (images as Jib names them, container
 * ports and probes from the apps' application.properties, RIVER_* variables that are real properties, the worker
 * scaler on a metric the proxy publishes), systemd units (the built jars, graceful stop longer than the shutdown
 * timeout) and, when ./river images has run, the images' entrypoints (the jars' Main-Class).
 */
class DeploymentFilesTest {

    private static final Set<String> NON_RIVER_VARIABLES = Set.of("JAVA_OPTS", "HOME", "JAVA_TOOL_OPTIONS");

    private static Path root;
    private static String version;
    private static List<RiverApp> apps;
    private static List<Map<String, Object>> manifests;
    private static Map<String, String> variableToProperty;

    @BeforeAll
    static void load() throws Exception {
        root = Path.of(System.getProperty("river.root", "../..")).toAbsolutePath().normalize();
        apps = RiverApp.all(root);
        version = new String(Files.readAllBytes(root.resolve("pom.xml")))
                .replaceAll("(?s).*?<artifactId>river-parent</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
        manifests = new ArrayList<>();
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (Path file : files(root.resolve("docs/deploy/kubernetes"), ".yaml")) {
            try (Reader r = Files.newBufferedReader(file)) {
                for (Object doc : yaml.loadAll(r)) {
                    assertTrue(doc instanceof Map, file + ": every document is a mapping");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) doc;
                    m.put("__file", file.getFileName().toString());
                    manifests.add(m);
                }
            }
        }
        variableToProperty = new HashMap<>();
        for (RiverApp app : apps) {
            for (String key : app.properties().stringPropertyNames()) {
                variableToProperty.put(ServiceSettings.envName(key), key);
            }
        }
    }

    @Test
    void everyManifestParsesAndNamesItsKind() {
        assertTrue(manifests.size() >= 8, "ConfigMap, 3 Deployments, Services, ScaledObject: " + manifests.size());
        for (Map<String, Object> m : manifests) {
            assertNotNull(m.get("apiVersion"), m.get("__file") + ": apiVersion");
            assertNotNull(m.get("kind"), m.get("__file") + ": kind");
            assertNotNull(map(m, "metadata").get("name"), m.get("__file") + ": metadata.name");
        }
    }

    @Test
    void eachServiceHasOneDeploymentRunningTheImageJibBuilds() {
        for (RiverApp app : apps) {
            List<Map<String, Object>> containers = containersOf(app);
            assertEquals(1, containers.size(), app.imageName() + ": one container");
            assertEquals(app.imageName() + ":" + version, containers.get(0).get("image"));
        }
    }

    @Test
    void containerPortsAreTheAppsDefaultPortsAndTheImagesExposedPorts() {
        for (RiverApp app : apps) {
            Set<String> declared = new TreeSet<>();
            for (Map<String, Object> port : list(containersOf(app).get(0), "ports")) {
                int number = (Integer) port.get("containerPort");
                assertTrue(app.listeningPorts().contains(number),
                        app.imageName() + ": port " + number + " is not one of " + app.listeningPorts());
                declared.add(number + "/" + String.valueOf(port.getOrDefault("protocol", "TCP")).toLowerCase());
                if ("management".equals(port.get("name"))) {
                    assertEquals(app.managementPort(), number, app.imageName() + ": management port");
                }
            }
            Set<String> exposed = app.jibPorts().stream().map(p -> p.contains("/") ? p : p + "/tcp")
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(exposed, declared, app.imageName() + ": Jib <ports> and containerPorts");
        }
    }

    @Test
    void probesAskTheManagementServersHealthEndpoints() {
        for (RiverApp app : apps) {
            Map<String, Object> container = containersOf(app).get(0);
            for (String probe : List.of("livenessProbe", "readinessProbe")) {
                Map<String, Object> get = map(map(container, probe), "httpGet");
                String path = (String) get.get("path");
                assertTrue(path.startsWith("/observe/health"), app.imageName() + " " + probe + ": " + path);
                assertEquals(app.managementPort(), resolvePort(container, get.get("port")),
                        app.imageName() + " " + probe + " port");
            }
            assertEquals("/observe/health/live", map(map(container, "livenessProbe"), "httpGet").get("path"));
            assertEquals("/observe/health/ready", map(map(container, "readinessProbe"), "httpGet").get("path"));
        }
    }

    @Test
    void gracePeriodsOutlastTheShutdownTimeout() {
        for (RiverApp app : apps) {
            Map<String, Object> pod = map(map(deploymentOf(app), "spec"), "template");
            int grace = (Integer) map(pod, "spec").get("terminationGracePeriodSeconds");
            assertTrue(grace > app.shutdownTimeoutSeconds(), app.imageName() + ": " + grace + " s");
            assertEquals(10001, map(map(pod, "spec"), "securityContext").get("runAsUser"));
        }
    }

    @Test
    void everyRiverVariableIsARealProperty() throws IOException {
        Map<String, String> variables = new LinkedHashMap<>();
        for (Map<String, Object> m : manifests) {
            if ("ConfigMap".equals(m.get("kind"))) {
                map(m, "data").forEach((k, v) -> variables.put(k, String.valueOf(v)));
            }
            if ("Deployment".equals(m.get("kind"))) {
                for (Map<String, Object> c : list(map(map(map(m, "spec"), "template"), "spec"), "containers")) {
                    list(c, "env").forEach(e -> variables.put((String) e.get("name"), String.valueOf(e.get("value"))));
                }
            }
        }
        apps.forEach(app -> variables.putAll(app.jibEnvironment()));
        for (Path env : files(root.resolve("docs/deploy/systemd"), ".env")) {
            variables.putAll(envFile(env));
        }
        for (Path unit : units()) {
            for (String assignment : SystemdUnit.parse(unit).all("Service", "Environment")) {
                variables.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
            }
        }
        assertTrue(variables.containsKey("RIVER_SERVE_DELAY_MS"));
        for (String name : variables.keySet()) {
            if (NON_RIVER_VARIABLES.contains(name)) {
                continue;
            }
            assertTrue(variableToProperty.containsKey(name), name + " is no property of river-serve, river-proxy or"
                    + " onnx-worker (application.properties)");
        }
    }

    @Test
    void clientsAndWorkersAreSentToTheProxysPorts() throws IOException {
        RiverApp proxy = app("river-proxy");
        int frontend = RiverApp.portOf(proxy.properties().getProperty("river.proxy.frontend"));
        int backend = RiverApp.portOf(proxy.properties().getProperty("river.proxy.backend"));
        Map<String, Object> configMap = manifests.stream().filter(m -> "ConfigMap".equals(m.get("kind"))).findFirst()
                .orElseThrow();
        Map<String, String> systemd = envFile(root.resolve("docs/deploy/systemd/river.env"));
        for (Map<String, ?> source : List.of(map(configMap, "data"), systemd)) {
            assertEquals(frontend, RiverApp.portOf(String.valueOf(source.get("RIVER_SERVE_PROXY"))));
            assertEquals(backend, RiverApp.portOf(String.valueOf(source.get("RIVER_WORKER_BROKER"))));
        }
    }

    @Test
    void workerScalerFollowsAQueueDepthMetricTheProxyPublishes() throws IOException {
        Map<String, Object> scaler = manifests.stream().filter(m -> "ScaledObject".equals(m.get("kind"))).findFirst()
                .orElseThrow();
        Map<String, Object> spec = map(scaler, "spec");
        assertEquals(map(deploymentOf(app("river-onnx-worker")), "metadata").get("name"),
                map(spec, "scaleTargetRef").get("name"));
        Map<String, Object> trigger = list(spec, "triggers").get(0);
        assertEquals("prometheus", trigger.get("type"));
        String query = (String) map(trigger, "metadata").get("query");
        assertTrue(query.contains("river_broker_queue_depth"), query);
        try (Stream<Path> sources = Files.walk(root.resolve("proxy/src/main/java"))) {
            assertTrue(sources.filter(p -> p.toString().endsWith(".java")).anyMatch(p -> read(p)
                    .contains("\"river.broker.queue.depth\"")), "river-proxy registers river.broker.queue.depth");
        }
    }

    @Test
    void systemdUnitsRunTheBuiltJarsAndStopGracefully() throws IOException {
        Set<String> jarsRun = new HashSet<>();
        for (Path file : units()) {
            SystemdUnit unit = SystemdUnit.parse(file);
            String exec = unit.one("Service", "ExecStart");
            String jarPath = exec.replaceAll(".*-jar\\s+(\\S+).*", "$1");
            String jar = Path.of(jarPath).getFileName().toString();
            RiverApp app = apps.stream().filter(a -> a.jarName().equals(jar)).findFirst()
                    .orElseThrow(() -> new AssertionError(file.getFileName() + " runs " + jar + ", no built jar"));
            jarsRun.add(jar);
            assertEquals("on-failure", unit.one("Service", "Restart"), file.getFileName().toString());
            assertEquals("SIGTERM", unit.one("Service", "KillSignal"), file.getFileName().toString());
            int stop = Integer.parseInt(unit.one("Service", "TimeoutStopSec").replace("s", ""));
            assertTrue(stop > app.shutdownTimeoutSeconds(), file.getFileName() + ": TimeoutStopSec " + stop);
            assertFalse(unit.all("Service", "EnvironmentFile").isEmpty(), file.getFileName() + ": EnvironmentFile");
            assertFalse(unit.all("Install", "WantedBy").isEmpty(), file.getFileName() + ": [Install]");
            if (app.imageName().equals("river-onnx-worker")) {
                assertTrue(file.getFileName().toString().endsWith("@.service"), "workers are a template unit");
                assertTrue(unit.all("Service", "EnvironmentFile").stream().anyMatch(f -> f.contains("%i")),
                        "each worker instance has its own environment file");
            }
        }
        assertEquals(apps.stream().map(RiverApp::jarName).collect(Collectors.toSet()), jarsRun);

        Set<String> workerPorts = new HashSet<>();
        for (Path env : files(root.resolve("docs/deploy/systemd"), ".env")) {
            String port = envFile(env).get("RIVER_WORKER_MANAGEMENT_PORT");
            if (port != null) {
                assertTrue(workerPorts.add(port), env.getFileName() + ": management port " + port + " used twice");
            }
        }
        assertTrue(workerPorts.size() >= 2, "two worker instances with their own management ports");
    }

    @Test
    void imageEntrypointsRunTheJarsMainClass() throws IOException {
        int checked = 0;
        for (RiverApp app : apps) {
            Path tar = root.resolve(app.module()).resolve("target/jib-image.tar");
            Path jar = root.resolve(app.module()).resolve("target").resolve(app.jarName());
            if (!Files.isRegularFile(tar) || !Files.isRegularFile(jar)) {
                System.out.println("DeploymentFilesTest: " + tar + " not built (./river images); entrypoint not checked");
                continue;
            }
            String mainClass;
            try (JarFile j = new JarFile(jar.toFile())) {
                mainClass = j.getManifest().getMainAttributes().getValue("Main-Class");
            }
            assertEquals(app.mainClass(), mainClass, jar + " Main-Class");
            JsonNode config = ImageTar.config(tar);
            JsonNode entrypoint = config.get("Entrypoint");
            assertEquals("java", entrypoint.get(0).asText(), tar.toString());
            assertEquals(mainClass, entrypoint.get(entrypoint.size() - 1).asText(), tar + " Entrypoint");
            Set<String> exposed = new TreeSet<>();
            config.get("ExposedPorts").fieldNames().forEachRemaining(exposed::add);
            assertEquals(app.jibPorts().stream().map(p -> p.contains("/") ? p : p + "/tcp")
                    .collect(Collectors.toCollection(TreeSet::new)), exposed, tar + " ExposedPorts");
            String user = config.path("User").asText();
            assertFalse(user.isEmpty() || user.startsWith("0") || user.startsWith("root"), tar + " runs as " + user);
            checked++;
        }
        assumeTrue(checked > 0, "no image tars built (./river images): entrypoints not checked");
    }

    private static int resolvePort(Map<String, Object> container, Object port) {
        if (port instanceof Integer i) {
            return i;
        }
        return list(container, "ports").stream().filter(p -> port.equals(p.get("name")))
                .map(p -> (Integer) p.get("containerPort")).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port));
    }

    private static RiverApp app(String image) {
        return apps.stream().filter(a -> a.imageName().equals(image)).findFirst().orElseThrow();
    }

    private static Map<String, Object> deploymentOf(RiverApp app) {
        List<Map<String, Object>> found = manifests.stream().filter(m -> "Deployment".equals(m.get("kind")))
                .filter(m -> list(map(map(map(m, "spec"), "template"), "spec"), "containers").stream()
                        .anyMatch(c -> String.valueOf(c.get("image")).startsWith(app.imageName() + ":")))
                .toList();
        assertEquals(1, found.size(), app.imageName() + ": Deployments running it");
        return found.get(0);
    }

    private static List<Map<String, Object>> containersOf(RiverApp app) {
        return list(map(map(map(deploymentOf(app), "spec"), "template"), "spec"), "containers");
    }

    private static List<Path> units() throws IOException {
        return files(root.resolve("docs/deploy/systemd"), ".service");
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static Map<String, String> envFile(Path file) throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            assertTrue(eq > 0, file.getFileName() + ": not KEY=VALUE: " + l);
            vars.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return vars;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, ?> parent, String key) {
        Object v = parent.get(key);
        assertTrue(v instanceof Map, key + " is a mapping in " + parent.keySet());
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, ?> parent, String key) {
        Object v = parent.get(key);
        return v == null ? List.of() : (List<Map<String, Object>>) v;
    }
}
