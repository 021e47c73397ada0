package dev.river.serve;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A river service (proxy or worker) started as its own JVM from its runnable jar, exactly as an operator
 * runs it, so tests can kill it for real (SIGKILL) and start it again. The jars are built by the reactor
 * before this module's tests run (`mvn verify` from the root).
 */
final class RiverServiceProcess implements AutoCloseable {

    private static final int LOG_TAIL_LINES = 25;

    private final String name;
    private final Process process;
    private final Path log;

    private int managementPort;

    private RiverServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static RiverServiceProcess start(String name, Path jar, String... args) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn verify from the project root)");
        }
        Path logs = Path.of("target", "service-logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(name + "-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(new File("."))
                .start();
        return new RiverServiceProcess(name, process, log);
    }

    static RiverServiceProcess proxy(int frontendPort, int backendPort, String... extra) throws IOException {
        int management = InferencePlaneTestSupport.freePort();
        List<String> args = new ArrayList<>(List.of(
                "--river.proxy.frontend=tcp://127.0.0.1:" + frontendPort,
                "--river.proxy.backend=tcp://127.0.0.1:" + backendPort,
                "--river.proxy.heartbeat-interval-ms=250",
                "--river.proxy.heartbeat-liveness-ms=1000",
                "--river.proxy.management-port=" + management));
        args.addAll(List.of(extra));
        RiverServiceProcess proxy = start("proxy", Path.of("..", "proxy", "target", "river-proxy.jar"),
                args.toArray(String[]::new));
        proxy.managementPort = management;
        return proxy;
    }

    static RiverServiceProcess worker(String name, int backendPort, String... extra) throws IOException {
        int management = InferencePlaneTestSupport.freePort();
        List<String> args = new ArrayList<>(List.of(
                "--river.worker.broker=tcp://127.0.0.1:" + backendPort,
                "--river.worker.name=" + name,
                "--river.worker.management-port=" + management));
        args.addAll(List.of(extra));
        RiverServiceProcess worker = start(name, Path.of("..", "onnx-worker", "target", "river-onnx-worker.jar"),
                args.toArray(String[]::new));
        worker.managementPort = management;
        return worker;
    }

    /** The management server's port (/observe/metrics, /observe/health), or 0 when not started by proxy()/worker(). */
    int managementPort() {
        return managementPort;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Ends the process at once, as a crash would (SIGKILL): no goodbye to the broker. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String name() {
        return name;
    }

    /** Each service's state and the last lines of its log, for a failure message. */
    static String report(RiverServiceProcess... services) {
        StringBuilder report = new StringBuilder();
        for (RiverServiceProcess service : services) {
            report.append("\n--- ").append(service).append(service.isAlive()
                    ? ", running" : ", exited with " + service.process.exitValue()).append(", log ends:\n");
            String[] lines = service.log().split("\n");
            for (int i = Math.max(0, lines.length - LOG_TAIL_LINES); i < lines.length; i++) {
                report.append(lines[i]).append('\n');
            }
        }
        return report.toString();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + log + ")";
    }
}
