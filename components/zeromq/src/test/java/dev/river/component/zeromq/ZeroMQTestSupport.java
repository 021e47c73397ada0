package dev.river.component.zeromq;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import org.apache.camel.test.junit5.CamelTestSupport;

/**
 * Shared setup of the zeromq: tests: a free loopback port per test and small helpers for frames.
 */
abstract class ZeroMQTestSupport extends CamelTestSupport {

    protected final int port = freePort();

    protected String address() {
        return "tcp://127.0.0.1:" + port;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
