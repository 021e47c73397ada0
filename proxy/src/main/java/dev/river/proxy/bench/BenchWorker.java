package dev.river.proxy.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import dev.river.component.zeromq.protocol.RiverProtocol;

/**
 * A plain JeroMQ RIVER/1 worker for the benchmarks: READY, HEARTBEAT, and an {@code OK} REPLY with a small
 * result after a fixed service time (0 = at once). One thread, its own ZContext (like a separate process).
 */
public final class BenchWorker implements AutoCloseable {

    private static final byte[] REPLY = RiverProtocol.ascii(RiverProtocol.REPLY);
    private static final byte[] OK = RiverProtocol.ascii(RiverProtocol.STATUS_OK);
    private static final byte[] RESULT = "{\"detections\":[]}".getBytes(StandardCharsets.UTF_8);

    private final String name;
    private final String endpoint;
    private final int slots;
    private final String model;
    private final long serviceNanos;
    private final byte[] metadata;
    private final AtomicLong served = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long spinNanos;

    public BenchWorker(String name, String endpoint, int slots, long serviceMicros, String model) {
        this.name = name;
        this.endpoint = endpoint;
        this.slots = slots;
        this.model = model;
        this.serviceNanos = serviceMicros * 1000;
        this.metadata = ("{\"worker\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
        this.thread = new Thread(this::run, "bench-worker-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Busy CPU time per request, like a real inference (0 = answer at once); takes effect at once. */
    public void setSpinMicros(long micros) {
        spinNanos = micros * 1000;
    }

    static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    /** Requests answered so far. */
    public long served() {
        return served.get();
    }

    public String name() {
        return name;
    }

    private void run() {
        try (ZContext zmq = new ZContext(1)) {
            ZMQ.Socket s = open(zmq);
            ArrayDeque<Object[]> pending = new ArrayDeque<>(); // {jobId, dueNanos}
            long nextHeartbeat = System.nanoTime() + 1_000_000_000L;
            long lastHeard = System.nanoTime();
            byte[][] f = new byte[8][];
            while (running) {
                long now = System.nanoTime();
                if (now - lastHeard > 3_000_000_000L) {
                    // protocol reconnect rule (the broker heartbeats every second): new socket, READY again
                    zmq.destroySocket(s);
                    pending.clear();
                    s = open(zmq);
                    lastHeard = now;
                }
                long waitMs = 100;
                if (!pending.isEmpty()) {
                    long due = (Long) pending.peek()[1];
                    waitMs = Math.max(0, (due - now) / 1_000_000);
                }
                // A blocking receive with a timeout is one epoll_wait that consumes JeroMQ's wake-up signal itself
                // (a ZMQ.Poller costs more per wait and can spin on a signal not yet counted); the same wait as
                // DirectEchoWorker's, so both benchmark paths pay the same for their worker.
                byte[] first;
                if (waitMs > 2) {
                    s.setReceiveTimeOut((int) Math.min(waitMs - 1, 100)); // wake-ups are late by up to ~1 ms
                    first = s.recv(0);
                } else {
                    if (!pending.isEmpty()) {
                        java.util.concurrent.locks.LockSupport.parkNanos(
                                Math.max(0, (Long) pending.peek()[1] - System.nanoTime()));
                    }
                    first = s.recv(ZMQ.DONTWAIT);
                }
                for (; first != null; first = s.recv(ZMQ.DONTWAIT)) {
                    lastHeard = System.nanoTime();
                    int n = 0;
                    f[n++] = first;
                    while (s.hasReceiveMore()) {
                        byte[] x = s.recv(0);
                        if (n < f.length) {
                            f[n] = x;
                        }
                        n++;
                    }
                    if (n == 8 && RiverProtocol.REQUEST.equals(new String(f[2], StandardCharsets.US_ASCII))) {
                        if (serviceNanos == 0) {
                            spin(spinNanos);
                            reply(s, f[3]);
                        } else {
                            pending.add(new Object[] {f[3], System.nanoTime() + serviceNanos});
                        }
                    }
                }
                now = System.nanoTime();
                while (!pending.isEmpty() && now - (Long) pending.peek()[1] >= 0) {
                    reply(s, (byte[]) pending.poll()[0]);
                }
                if (now - nextHeartbeat >= 0) {
                    send(s, RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES,
                            RiverProtocol.ascii(RiverProtocol.HEARTBEAT));
                    nextHeartbeat = now + 1_000_000_000L;
                }
            }
            send(s, RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, RiverProtocol.ascii(RiverProtocol.DISCONNECT));
        }
    }

    private ZMQ.Socket open(ZContext zmq) {
        ZMQ.Socket s = zmq.createSocket(SocketType.DEALER);
        s.setLinger(0);
        s.setRcvHWM(0);
        s.setSndHWM(0);
        s.connect(endpoint);
        send(s, RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, RiverProtocol.ascii(RiverProtocol.READY),
                name.getBytes(StandardCharsets.UTF_8), RiverProtocol.ascii(Integer.toString(slots)),
                model.getBytes(StandardCharsets.UTF_8));
        return s;
    }

    private void reply(ZMQ.Socket s, byte[] jobId) {
        s.sendMore(RiverProtocol.EMPTY);
        s.sendMore(RiverProtocol.WORKER_BYTES);
        s.sendMore(REPLY);
        s.sendMore(jobId);
        s.sendMore(OK);
        s.sendMore(metadata);
        s.send(RESULT);
        served.incrementAndGet();
    }

    private static void send(ZMQ.Socket s, byte[]... frames) {
        for (int i = 0; i < frames.length; i++) {
            s.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
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
