package dev.river.serve;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shared set-up for end-to-end tests of the inference plane: free ports on 127.0.0.1, the real
 * river-proxy and onnx-worker started as processes, and the test photo.
 */
abstract class InferencePlaneTestSupport {

    static final Path ASTRONAUT = Path.of("..", "testdata", "astronaut.png");
    /** Where the face is in astronaut.png (pixels): the detected box centre must fall inside. */
    static final int FACE_MIN_X = 170;
    static final int FACE_MAX_X = 300;
    static final int FACE_MIN_Y = 50;
    static final int FACE_MAX_Y = 210;

    /** Below Linux's ephemeral range (32768-60999), where outgoing connections never take a local port. */
    private static final int FIRST_LISTEN_PORT = 20000;
    private static final int LISTEN_PORTS = 12000;
    private static final AtomicInteger NEXT_LISTEN_PORT =
            new AtomicInteger(ThreadLocalRandom.current().nextInt(LISTEN_PORTS));

    /**
     * A TCP port on 127.0.0.1 that is free now and that no outgoing connection can take before the service
     * binds it. Ports from {@code bind(0)} are ephemeral: a service started a second later can find one taken
     * by a client's connect (even by a connect to itself while nothing listens), so the proxy fails to bind.
     * Never hands out the same port twice in one JVM.
     */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < LISTEN_PORTS; attempt++) {
            int port = FIRST_LISTEN_PORT + Math.floorMod(NEXT_LISTEN_PORT.getAndIncrement(), LISTEN_PORTS);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // in use: try the next one
            }
        }
        throw new IOException("no free TCP port in " + FIRST_LISTEN_PORT + "-" + (FIRST_LISTEN_PORT + LISTEN_PORTS));
    }

    static String tcp(int port) {
        return "tcp://127.0.0.1:" + port;
    }
}
