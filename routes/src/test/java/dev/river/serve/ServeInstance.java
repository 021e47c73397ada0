package dev.river.serve;

import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * A river-serve of its own (not the suite's shared {@link ServeServices}) for tests that change settings or stop it:
 * the real application.properties and YAML routes, free ports on 127.0.0.1, no inference unless asked, no management
 * server unless asked (one Jolokia per JVM is enough).
 */
public final class ServeInstance implements AutoCloseable {

    public final int httpPort;
    private final Main main;
    private volatile CamelContext context;
    private final Thread runner;

    private ServeInstance(Properties settings) throws Exception {
        httpPort = Integer.parseInt(settings.getProperty("river.serve.http-port"));
        main = ServeApplication.createMain(settings);
        CountDownLatch started = new CountDownLatch(1);
        Exception[] failure = new Exception[1];
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                context = m.getCamelContext();
                started.countDown();
            }
        });
        runner = new Thread(() -> {
            try {
                main.run();
            } catch (Exception e) {
                failure[0] = e;
                started.countDown();
            }
        }, "river-serve-instance");
        runner.setDaemon(true);
        runner.start();
        if (!started.await(60, TimeUnit.SECONDS) || context == null) {
            throw new IllegalStateException("river-serve did not start", failure[0]);
        }
        // the results WebSocket is mounted once the context is fully started
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!context.isStarted() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Settings with free ports and inference off; {@code extra} are key, value pairs that override them. */
    public static ServeInstance start(String... extra) throws Exception {
        Properties p = new Properties();
        p.setProperty("river.serve.http-port", String.valueOf(InferencePlaneTestSupport.freePort()));
        p.setProperty("river.serve.webrtc.port", String.valueOf(ServeServices.freeUdpPort()));
        p.setProperty("river.serve.rtp.port", String.valueOf(ServeServices.freeUdpPort()));
        p.setProperty("river.serve.rtp.egress", "127.0.0.1:" + ServeServices.freeUdpPort());
        p.setProperty("river.serve.inference-enabled", "false");
        p.setProperty("camel.management.enabled", "false");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            p.setProperty(extra[i], extra[i + 1]);
        }
        return new ServeInstance(p);
    }

    public CamelContext context() {
        return context;
    }

    public String http() {
        return "http://127.0.0.1:" + httpPort;
    }

    public <T> T bean(String name, Class<T> type) {
        return context.getRegistry().lookupByNameAndType(name, type);
    }

    /** Stops river-serve as a SIGTERM would (the context stops, then Main ends). */
    public void stop() {
        context.stop();
        main.completed();
    }

    @Override
    public void close() {
        if (!context.isStopped()) {
            stop();
        }
    }
}
