package dev.river.main;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free TCP ports on 127.0.0.1 for services that a harness (a test, a benchmark) starts a moment later. A port from
 * {@code bind(0)} is ephemeral: before the service binds it, a client's outgoing connection can take it (even a
 * connect to itself while nothing listens yet), and the service then fails to start. These ports come from below
 * Linux's ephemeral range (32768-60999), where outgoing connections never take a local port, and one JVM never
 * hands out the same port twice.
 */
public final class LoopbackPorts {

    private static final int FIRST = 20000;
    private static final int COUNT = 12000;
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(COUNT));

    private LoopbackPorts() {
    }

    /** A TCP port on 127.0.0.1 that is free now and outside the ephemeral range. */
    public static int freeTcpPort() {
        for (int attempt = 0; attempt < COUNT; attempt++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), COUNT);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // in use: try the next one
            }
        }
        throw new UncheckedIOException(new IOException("no free TCP port in " + FIRST + "-" + (FIRST + COUNT - 1)));
    }
}
