package dev.river.serve;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.BaseMainSupport;

/**
 * ONE set of services for the whole river-serve test suite (all classes run in one JVM): river-proxy and one
 * onnx-worker as processes (killable for real), and river-serve in-process from its real application.properties and
 * YAML routes, on free ports. Started on first use, stopped by a shutdown hook.
 */
public final class ServeServices {

    private static ServeServices instance;

    public final int frontend;
    public final int backend;
    public final int httpPort;
    public final int webrtcPort;
    public final int rtpPort;
    public final int rtpEgressPort;
    public final int managementPort;
    public final long delayMillis = 1500;
    /** The suite runs with a bearer token (river.serve.auth-token), so every client below shows how to pass it. */
    public final String token = "river-suite-token";
    private final RiverServiceProcess proxy;
    private RiverServiceProcess worker;
    private int workers;
    private final Main main;
    private volatile CamelContext context;

    private ServeServices() throws Exception {
        frontend = InferencePlaneTestSupport.freePort();
        backend = InferencePlaneTestSupport.freePort();
        httpPort = InferencePlaneTestSupport.freePort();
        webrtcPort = freeUdpPort();
        rtpPort = freeUdpPort();
        rtpEgressPort = freeUdpPort();
        managementPort = InferencePlaneTestSupport.freePort();
        proxy = RiverServiceProcess.proxy(frontend, backend);
        worker = RiverServiceProcess.worker("worker-" + ++workers, backend);
        try (BrokerProbe probe = new BrokerProbe(InferencePlaneTestSupport.tcp(frontend))) {
            probe.awaitStats(s -> BrokerProbe.workersServing(s, "blazeface") >= 1, 60_000, "one worker", proxy, worker);
        }
        Properties p = new Properties();
        p.setProperty("river.serve.http-port", String.valueOf(httpPort));
        p.setProperty("river.serve.proxy", InferencePlaneTestSupport.tcp(frontend));
        p.setProperty("river.serve.webrtc.port", String.valueOf(webrtcPort));
        p.setProperty("river.serve.rtp.port", String.valueOf(rtpPort));
        p.setProperty("river.serve.rtp.egress", "127.0.0.1:" + rtpEgressPort);
        p.setProperty("river.serve.rtp.timestamp-offset", "90000");
        p.setProperty("river.serve.delay-ms", String.valueOf(delayMillis));
        p.setProperty("river.serve.session-idle-timeout-ms", "2000");
        p.setProperty("river.serve.management-port", String.valueOf(managementPort));
        p.setProperty("river.serve.auth-token", token);
        main = ServeApplication.createMain(p);
        CountDownLatch started = new CountDownLatch(1);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                context = m.getCamelContext();
                started.countDown();
            }
        });
        Thread runner = new Thread(() -> {
            try {
                main.run();
            } catch (Exception e) {
                started.countDown();
            }
        }, "river-serve-main");
        runner.setDaemon(true);
        runner.start();
        if (!started.await(60, TimeUnit.SECONDS) || context == null) {
            throw new IllegalStateException("river-serve did not start");
        }
        warmUp();
    }

    /**
     * Two seconds of video through the whole pipeline before any test measures anything: the first packets of a
     * fresh JVM pay for class loading, JIT and FFmpeg's native libraries.
     */
    private void warmUp() throws Exception {
        Process ffmpeg = RtpPipelineEndToEndTest.startStream(FaceClip.h264(60), rtpPort, 0x0BAD_CAFEL);
        if (!ffmpeg.waitFor(30, TimeUnit.SECONDS)) {
            ffmpeg.destroyForcibly();
        }
        Thread.sleep(delayMillis);
    }

    public static synchronized ServeServices get() throws Exception {
        if (instance == null) {
            instance = new ServeServices();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
        }
        return instance;
    }

    public CamelContext context() {
        return context;
    }

    public String http() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The management server: /observe/metrics, /observe/health, /observe/jolokia. */
    public String management() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** The proxy's management server. */
    public String proxyManagement() {
        return "http://127.0.0.1:" + proxy.managementPort();
    }

    /** The current worker's management server. */
    public synchronized String workerManagement() {
        return "http://127.0.0.1:" + worker.managementPort();
    }

    /** SIGKILLs the worker (a crash: no goodbye to the broker). */
    public synchronized void killWorker() throws InterruptedException {
        worker.kill();
    }

    /** Starts a new worker in place of the killed one and waits until the broker lists it. */
    public synchronized void startWorker() throws Exception {
        worker = RiverServiceProcess.worker("worker-" + ++workers, backend);
        try (BrokerProbe probe = new BrokerProbe(InferencePlaneTestSupport.tcp(frontend))) {
            probe.awaitStats(s -> BrokerProbe.workersServing(s, "blazeface") >= 1, 60_000, "a worker again", proxy, worker);
        }
    }

    private void close() {
        try {
            main.completed();
            if (context != null) {
                context.stop();
            }
        } catch (RuntimeException e) {
            // best effort at JVM exit
        }
        try {
            worker.close();
            proxy.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }
}
