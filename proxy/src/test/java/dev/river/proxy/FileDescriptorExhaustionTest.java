package dev.river.proxy;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.river.main.LoopbackPorts;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real river-proxy (its own JVM, NIO transport) with a small open-files limit, flooded with idle TCP connections
 * until accepting fails: it says so in its log, stays up, and serves a client again once the flood is gone.
 */
class FileDescriptorExhaustionTest {

    private static final int OPEN_FILES = 400;

    @Test
    void whenAcceptingRunsOutOfFileDescriptorsTheBrokerPausesAndServesAgainOnceTheyAreFree() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "needs prlimit (util-linux)");
        int frontend = LoopbackPorts.freeTcpPort();
        Path log = Files.createTempFile("proxy-fd", ".log");
        Process proxy = new ProcessBuilder("/usr/bin/prlimit", "--nofile=" + OPEN_FILES + ":" + OPEN_FILES,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ProxyApplication.class.getName(), "--river.proxy.frontend=tcp://127.0.0.1:" + frontend,
                "--river.proxy.backend=tcp://127.0.0.1:" + LoopbackPorts.freeTcpPort(),
                "--river.proxy.management-port=0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).directory(new File(".")).start();
        List<Socket> flood = new ArrayList<>();
        try (ZContext zmq = new ZContext()) {
            await(() -> Files.readString(log).contains("river-proxy listening"), proxy, log, "the proxy to start");
            for (int i = 0; i < OPEN_FILES && !Files.readString(log).contains("failed (Too many open files)"); i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", frontend), 2000);
                flood.add(s);
            }
            await(() -> Files.readString(log).contains("failed (Too many open files); not accepting for"), proxy, log,
                    "the proxy to report that it cannot accept");
            assertTrue(proxy.isAlive(), "the proxy survives running out of file descriptors");

            for (Socket s : flood) {
                s.close();
            }
            flood.clear();
            // the flood's connections are closed by the broker when their handshake times out (1 s); then a real
            // client is accepted and answered again
            try (TestClient client = new TestClient(zmq, "tcp://127.0.0.1:" + frontend, SocketType.DEALER)) {
                client.ping();
            }
            assertTrue(proxy.isAlive());
        } finally {
            for (Socket s : flood) {
                s.close();
            }
            proxy.destroy();
            if (!proxy.waitFor(10, TimeUnit.SECONDS)) {
                proxy.destroyForcibly();
            }
        }
    }

    private interface Check {
        boolean holds() throws IOException;
    }

    private static void await(Check check, Process proxy, Path log, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!check.holds()) {
            if (!proxy.isAlive() || System.nanoTime() - end > 0) {
                fail("waiting for " + what + (proxy.isAlive() ? "" : " (proxy exited)") + "; log:\n"
                     + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }
}
