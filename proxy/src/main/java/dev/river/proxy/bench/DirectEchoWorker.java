package dev.river.proxy.bench;

import java.nio.charset.StandardCharsets;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import dev.river.component.zeromq.protocol.RiverProtocol;

/**
 * The no-broker baseline: a ROUTER that clients' DEALERs connect to directly and that answers every RIVER/1
 * client REQUEST with a REPLY shaped exactly like one forwarded by the broker (same small result).
 */
final class DirectEchoWorker implements AutoCloseable {

    private static final byte[] REPLY = RiverProtocol.ascii(RiverProtocol.REPLY);
    private static final byte[] OK = RiverProtocol.ascii(RiverProtocol.STATUS_OK);
    private static final byte[] META = "{\"worker\":\"direct\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RESULT = "{\"detections\":[]}".getBytes(StandardCharsets.UTF_8);

    private final Thread thread;
    private final String endpoint;
    private volatile boolean running = true;
    private volatile long spinNanos;

    DirectEchoWorker() throws InterruptedException {
        String[] bound = new String[1];
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        thread = new Thread(() -> run(bound, ready), "bench-direct-worker");
        thread.setDaemon(true);
        thread.start();
        ready.await();
        endpoint = bound[0];
    }

    /** Busy CPU time per request, as {@link BenchWorker#setSpinMicros}. */
    void setSpinMicros(long micros) {
        spinNanos = micros * 1000;
    }

    String endpoint() {
        return endpoint;
    }

    private void run(String[] bound, java.util.concurrent.CountDownLatch ready) {
        try (ZContext zmq = new ZContext(1)) {
            ZMQ.Socket r = zmq.createSocket(SocketType.ROUTER);
            r.setLinger(0);
            r.setRcvHWM(0);
            r.setSndHWM(0);
            r.bind("tcp://127.0.0.1:*");
            bound[0] = r.getLastEndpoint();
            ready.countDown();
            r.setReceiveTimeOut(100);
            byte[][] f = new byte[9][];
            while (running) {
                // a blocking receive with a timeout, then whatever else is waiting (as BenchWorker)
                for (byte[] first = r.recv(0); first != null; first = r.recv(ZMQ.DONTWAIT)) {
                    int n = 0;
                    f[n++] = first;
                    while (r.hasReceiveMore()) {
                        byte[] x = r.recv(0);
                        if (n < f.length) {
                            f[n] = x;
                        }
                        n++;
                    }
                    if (n == 4 && "PING".equals(new String(f[3], StandardCharsets.US_ASCII))) {
                        r.sendMore(f[0]);
                        r.sendMore(RiverProtocol.EMPTY);
                        r.sendMore(RiverProtocol.CLIENT_BYTES);
                        r.send(RiverProtocol.ascii(RiverProtocol.PONG));
                    } else if (n == 9) {
                        BenchWorker.spin(spinNanos);
                        r.sendMore(f[0]);
                        r.sendMore(RiverProtocol.EMPTY);
                        r.sendMore(RiverProtocol.CLIENT_BYTES);
                        r.sendMore(REPLY);
                        r.sendMore(f[4]);
                        r.sendMore(OK);
                        r.sendMore(META);
                        r.send(RESULT);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
