package dev.river.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.river.main.LoopbackPorts;

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

    /** A TCP port on 127.0.0.1 outside the ephemeral range (see {@link LoopbackPorts}). */
    static int freePort() throws IOException {
        return LoopbackPorts.freeTcpPort();
    }

    /** Runs {@code ./river detect} in this JVM and returns its exit code, stdout and stderr. */
    static DetectRun detect(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = DetectCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new DetectRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** What one {@code ./river detect} run printed and returned. */
    record DetectRun(int exit, String out, String err) {
    }

    static String tcp(int port) {
        return "tcp://127.0.0.1:" + port;
    }
}
