package dev.river.serve.config;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One river service started as its own JVM, exactly as an operator starts it, with stdout and stderr kept apart
 * so a test can see what an operator sees on stderr. river-serve runs from this module's classes (its jar is
 * packaged after the tests), river-proxy and onnx-worker from their jars (built by the reactor first).
 */
final class ServiceLaunch implements AutoCloseable {

    enum Service {
        SERVE, PROXY, WORKER
    }

    private final Process process;
    private final Path out;
    private final Path err;

    private ServiceLaunch(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static ServiceLaunch start(Service service, Map<String, String> env, String... args) throws IOException {
        return startUnder(List.of(), service, env, args);
    }

    /** Starts the service under a wrapper command (e.g. setpriv dropping a capability). */
    static ServiceLaunch startUnder(List<String> wrapper, Service service, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        switch (service) {
            case SERVE -> {
                command.add("-cp");
                command.add(System.getProperty("java.class.path"));
                command.add("dev.river.serve.ServeApplication");
            }
            case PROXY -> command.addAll(List.of("-jar", jar("proxy", "river-proxy.jar")));
            case WORKER -> command.addAll(List.of("-jar", jar("onnx-worker", "river-onnx-worker.jar")));
        }
        command.addAll(List.of(args));
        Path logs = Files.createDirectories(Path.of("target", "service-logs"));
        String name = service.name().toLowerCase() + "-" + System.nanoTime();
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .directory(new File("."));
        // the test's own environment may carry river settings: start from a clean slate
        pb.environment().keySet().removeIf(k -> k.startsWith("RIVER_") || k.startsWith("CAMEL_"));
        pb.environment().putAll(env);
        return new ServiceLaunch(pb.start(), out, err);
    }

    private static String jar(String module, String name) {
        Path jar = Path.of("..", module, "target", name);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn verify from the project root)");
        }
        return jar.toString();
    }

    /** The exit status, once the process has ended (a start-up check ends it at once). */
    int exitStatus() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("still running: " + stdout());
        }
        return process.exitValue();
    }

    /** Waits until stdout holds {@code text} or the process ends; true when it holds it. */
    boolean awaitStdout(String text) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            if (stdout().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return stdout().contains(text);
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        return false;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
        return read(err);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
