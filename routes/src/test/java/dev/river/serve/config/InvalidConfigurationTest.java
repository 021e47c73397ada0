package dev.river.serve.config;

import java.io.IOException;
import java.net.DatagramSocket;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.river.main.LoopbackPorts;
import dev.river.serve.config.ServiceLaunch.Service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each service, started as an operator starts it, refuses a bad setting before anything starts: exit status 2 and
 * exactly one line on stderr naming the property (no stack trace, no log line first); good settings still start.
 */
class InvalidConfigurationTest {

    private static final Map<String, String> NO_ENV = Map.of();

    private static void refuses(Service service, Map<String, String> env, String expectedLine, String... args)
            throws Exception {
        try (ServiceLaunch s = ServiceLaunch.start(service, env, args)) {
            int status = s.exitStatus();
            List<String> lines = s.stderr().lines().toList();
            assertEquals(2, status, "exit status; stderr: " + s.stderr() + " stdout: " + s.stdout());
            assertEquals(List.of(expectedLine), lines, "stderr, exactly one line");
            assertEquals("", s.stdout(), "nothing logged before the refusal");
        }
    }

    @Test
    void riverServeRefusesAPortOutOfRange() throws Exception {
        refuses(Service.SERVE, NO_ENV,
                "river-serve: invalid setting river.serve.http-port='70000': expected a port number from 1 to 65535",
                "--river.serve.http-port=70000");
    }

    @Test
    void riverServeRefusesAPortThatIsNoNumberFromTheEnvironment() throws Exception {
        refuses(Service.SERVE, Map.of("RIVER_SERVE_RTP_PORT", "rtp"),
                "river-serve: invalid setting river.serve.rtp.port='rtp': expected a port number from 1 to 65535");
    }

    @Test
    void riverServeRefusesADelayOfZero() throws Exception {
        refuses(Service.SERVE, NO_ENV,
                "river-serve: invalid setting river.serve.delay-ms='0': expected a whole number from 1 to 3600000",
                "--river.serve.delay-ms=0");
    }

    @Test
    void riverServeRefusesAKeyWhoseZ85TextAnEndpointUriCannotCarry() throws Exception {
        String key = "00)&0" + "00000".repeat(7); // valid Z85 (32 bytes), with the ")&" that ends a RAW(...) value
        refuses(Service.SERVE, NO_ENV, "river-serve: invalid setting river.serve.curve.server-key='" + key + "': this"
                + " Z85 key text holds ')&', which a Camel endpoint URI cannot carry intact; give the key as its file"
                + " (./river keys writes NAME.key and NAME.pub)",
                "--river.serve.curve.server-key=" + key, "--river.serve.curve.secret-key=/etc/river/serve.key");
    }

    @Test
    void riverServeRefusesABrokerCurveKeyWithoutItsOwnSecretKey() throws Exception {
        refuses(Service.SERVE, NO_ENV, "river-serve: invalid setting river.serve.curve.secret-key='': needed with"
                + " river.serve.curve.server-key (river-serve's own key pair; ./river keys serve)",
                "--river.serve.curve.server-key=/etc/river/proxy.pub");
    }

    @Test
    void riverServeRefusesARealtimePriorityAbove99() throws Exception {
        refuses(Service.SERVE, NO_ENV, "river-serve: invalid setting river.serve.release.realtime-priority='100':"
                + " expected a whole number from 0 to 99", "--river.serve.release.realtime-priority=100");
    }

    @Test
    void riverServeRefusesADelayOutsideItsBounds() throws Exception {
        refuses(Service.SERVE, NO_ENV, "river-serve: invalid setting river.serve.delay-ms='20000': expected a delay"
                + " from river.serve.min-delay-ms (500) to river.serve.max-delay-ms (10000)",
                "--river.serve.delay-ms=20000");
    }

    @Test
    void riverServeRefusesAProxyAddressWithoutScheme() throws Exception {
        refuses(Service.SERVE, NO_ENV, "river-serve: invalid setting river.serve.proxy='127.0.0.1:5555': expected a"
                + " ZeroMQ address such as tcp://127.0.0.1:5555 (tcp://host:port) or ipc:///path",
                "--river.serve.proxy=127.0.0.1:5555");
    }

    @Test
    void riverServeNamesTheKeyMeantByATypo() throws Exception {
        refuses(Service.SERVE, NO_ENV, "river-serve: unknown setting river.serve.delay-m; did you mean"
                + " river.serve.delay-ms?", "--river.serve.delay-m=2000");
        refuses(Service.SERVE, Map.of("RIVER_SERVE_HTTP_PROT", "8080"), "river-serve: unknown environment variable"
                + " RIVER_SERVE_HTTP_PROT; did you mean RIVER_SERVE_HTTP_PORT?");
    }

    @Test
    void riverServeChecksCamelKeysToo() throws Exception {
        refuses(Service.SERVE, Map.of("CAMEL_MAIN_SHUTDOWN_TIMEOUT", "soon"), "river-serve: invalid setting"
                + " camel.main.shutdown-timeout='soon': expected a whole number of at least 0");
    }

    @Test
    void riverProxyRefusesBadAddressesNumbersAndTypos() throws Exception {
        refuses(Service.PROXY, NO_ENV, "river-proxy: invalid setting river.proxy.frontend='tcp://127.0.0.1:99999':"
                + " port must be from 0 to 65535", "--river.proxy.frontend=tcp://127.0.0.1:99999");
        refuses(Service.PROXY, NO_ENV, "river-proxy: invalid setting river.proxy.backend='udp://127.0.0.1:5556':"
                + " expected a ZeroMQ bind address such as tcp://127.0.0.1:5555 (tcp://host:port, port * for any)"
                + " or ipc:///path", "--river.proxy.backend=udp://127.0.0.1:5556");
        refuses(Service.PROXY, Map.of("RIVER_PROXY_QUEUE_SIZE", "-5"), "river-proxy: invalid setting"
                + " river.proxy.queue-size='-5': expected a whole number of at least 0");
        refuses(Service.PROXY, NO_ENV, "river-proxy: unknown setting river.proxy.queue-sise; did you mean"
                + " river.proxy.queue-size?", "--river.proxy.queue-sise=5");
    }

    @Test
    void theWorkerRefusesAMissingModelFileAnUnknownDecoderAndABadBrokerAddress() throws Exception {
        refuses(Service.WORKER, NO_ENV, "river-onnx-worker: invalid setting"
                + " river.worker.model='/nonexistent/face.onnx': no such file: /nonexistent/face.onnx",
                "--river.worker.model=/nonexistent/face.onnx");
        refuses(Service.WORKER, NO_ENV, "river-onnx-worker: invalid setting river.worker.decoder='ssd': expected"
                + " one of blazeface, yolo, raw", "--river.worker.decoder=ssd");
        refuses(Service.WORKER, NO_ENV, "river-onnx-worker: invalid setting river.worker.broker='127.0.0.1:5556':"
                + " expected a ZeroMQ address such as tcp://127.0.0.1:5555 (tcp://host:port) or ipc:///path",
                "--river.worker.broker=127.0.0.1:5556");
        refuses(Service.WORKER, Map.of("RIVER_WORKER_SLOTS", "two"), "river-onnx-worker: invalid setting"
                + " river.worker.slots='two': expected a whole number from 1 to 1024, or empty");
        refuses(Service.WORKER, NO_ENV, "river-onnx-worker: unknown setting river.worker.slot; did you mean"
                + " river.worker.slots?", "--river.worker.slot=2");
    }

    @Test
    void goodSettingsStillStartEveryService() throws Exception {
        try (ServiceLaunch proxy = ServiceLaunch.start(Service.PROXY, Map.of("RIVER_PROXY_MANAGEMENT_PORT", "0"),
                "--river.proxy.frontend=tcp://127.0.0.1:" + freeTcpPort(),
                "--river.proxy.backend=tcp://127.0.0.1:" + freeTcpPort(), "--camel.main.shutdown-timeout=2");
             ServiceLaunch worker = ServiceLaunch.start(Service.WORKER, Map.of("RIVER_WORKER_SLOTS", "2"),
                     "--river.worker.broker=tcp://127.0.0.1:" + freeTcpPort(),
                     "--river.worker.management-port=0");
             ServiceLaunch serve = ServiceLaunch.start(Service.SERVE, Map.of("RIVER_SERVE_DELAY_MS", "2000"),
                     "--river.serve.http-port=" + freeTcpPort(), "--river.serve.management-port=" + freeTcpPort(),
                     "--river.serve.webrtc.port=" + freeUdpPort(), "--river.serve.rtp.port=" + freeUdpPort(),
                     "--river.serve.proxy=tcp://127.0.0.1:" + freeTcpPort())) {
            for (ServiceLaunch s : List.of(proxy, worker, serve)) {
                assertTrue(s.awaitStdout(") started in"), "started; stdout: " + s.stdout() + " stderr: " + s.stderr());
                assertTrue(s.isAlive());
            }
        }
    }

    private static int freeTcpPort() {
        return LoopbackPorts.freeTcpPort();
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }
}
