package dev.river.ops.hawtio;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.river.main.LoopbackPorts;

/** {@link ManagedCamelApp} in a child JVM (the test class path), stopped on close. */
final class ManagedCamelAppProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ManagedCamelAppProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ManagedCamelAppProcess start() throws IOException {
        int port = freePort();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = Files.createTempFile("ops-test-app", ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, ManagedCamelApp.class.getName(), String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ManagedCamelAppProcess(p, port, log);
    }

    static int freePort() {
        return LoopbackPorts.freeTcpPort();
    }

    int port() {
        return port;
    }

    String jolokiaUrl() {
        return "http://127.0.0.1:" + port + "/observe/jolokia";
    }

    /** Waits until the app's Jolokia answers (or the process died). */
    void awaitJolokia(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("test app exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(jolokiaUrl() + "/version"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("test app Jolokia did not answer in " + timeout + ": " + Files.readString(log));
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }
}
