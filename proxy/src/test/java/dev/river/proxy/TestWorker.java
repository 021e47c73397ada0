package dev.river.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.river.component.zeromq.protocol.RiverProtocol;

/**
 * A RIVER/1 worker written from docs/protocol.md with a raw JeroMQ DEALER, on its own thread: READY after
 * every (re)connect, HEARTBEAT every interval, reconnect on DISCONNECT or after hearing nothing for the
 * liveness timeout, and a REPLY ({@code OK}, metadata {@code {"worker":"<name>"}}, the request payload echoed)
 * after a fixed service time per request, or only when {@link #release()}d while holding.
 */
final class TestWorker implements AutoCloseable {

    /** One REQUEST as the worker received it. */
    record Received(byte[] jobId, String model, long deadline, String metadata, byte[] payload, long atNanos) {
        String payloadText() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static final class Pending {
        final Received request;
        long dueNanos;

        Pending(Received request, long dueNanos) {
            this.request = request;
            this.dueNanos = dueNanos;
        }
    }

    final String name;
    private final String endpoint;
    private final int slots;
    private final String models;
    private final long serviceNanos;
    private final long heartbeatMs;
    private final long livenessMs;
    private volatile boolean hold;
    private volatile boolean running = true;

    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger readySent = new AtomicInteger();
    final AtomicInteger disconnectsReceived = new AtomicInteger();
    final AtomicInteger heartbeatsReceived = new AtomicInteger();
    private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final List<Pending> pending = new ArrayList<>();
    private final Thread thread;

    private ZContext zmq;
    private ZMQ.Socket socket;
    private ZMQ.Poller poller;
    private long lastHeardNanos;
    private long nextHeartbeatNanos;

    TestWorker(String endpoint, String name, int slots, long serviceMs, boolean hold, long heartbeatMs,
            long livenessMs, String... models) {
        this.endpoint = endpoint;
        this.name = name;
        this.slots = slots;
        this.models = String.join(",", models);
        this.serviceNanos = serviceMs * 1_000_000L;
        this.hold = hold;
        this.heartbeatMs = heartbeatMs;
        this.livenessMs = livenessMs;
        this.thread = new Thread(this::run, "test-worker-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Replies to every held request now and stops holding. */
    void release() {
        commands.add(() -> {
            hold = false;
            long now = System.nanoTime();
            for (Pending p : pending) {
                p.dueNanos = Math.min(p.dueNanos, now);
            }
        });
    }

    /** Sends raw frames (after the empty delimiter the DEALER adds itself here). */
    void sendRaw(byte[]... frames) {
        commands.add(() -> {
            for (int i = 0; i < frames.length; i++) {
                socket.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
            }
        });
    }

    /** Dies abruptly: the socket is closed without replying to anything in flight, no DISCONNECT. */
    void kill() {
        commands.add(() -> running = false);
        join();
    }

    /** Leaves gracefully: DISCONNECT (the protocol's shutdown), then closes. */
    void disconnect() {
        commands.add(() -> {
            send(RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, RiverProtocol.ascii(RiverProtocol.DISCONNECT));
            running = false;
        });
        join();
    }

    @Override
    public void close() {
        running = false;
        join();
    }

    private void join() {
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        zmq = new ZContext(1);
        try {
            connect();
            while (running) {
                Runnable c;
                while ((c = commands.poll()) != null) {
                    c.run();
                }
                if (!running) {
                    break;
                }
                poller.poll(2);
                ZMsg msg;
                while ((msg = ZMsg.recvMsg(socket, ZMQ.DONTWAIT)) != null) {
                    onMessage(msg);
                }
                long now = System.nanoTime();
                for (Iterator<Pending> it = pending.iterator(); it.hasNext();) {
                    Pending p = it.next();
                    if (!hold && now - p.dueNanos >= 0) {
                        it.remove();
                        inFlight.decrementAndGet();
                        send(RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, RiverProtocol.ascii(RiverProtocol.REPLY),
                                p.request.jobId(), RiverProtocol.ascii(RiverProtocol.STATUS_OK),
                                ("{\"worker\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8),
                                p.request.payload());
                    }
                }
                if (now - nextHeartbeatNanos >= 0) {
                    send(RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, RiverProtocol.ascii(RiverProtocol.HEARTBEAT));
                    nextHeartbeatNanos = now + heartbeatMs * 1_000_000L;
                }
                if (now - lastHeardNanos > livenessMs * 1_000_000L) {
                    reconnect();
                }
            }
        } finally {
            zmq.close();
        }
    }

    private void onMessage(ZMsg msg) {
        lastHeardNanos = System.nanoTime();
        List<byte[]> f = new ArrayList<>();
        msg.forEach(frame -> f.add(frame.getData()));
        if (f.size() < 3 || f.get(0).length != 0 || !RiverProtocol.WORKER.equals(text(f.get(1)))) {
            return;
        }
        String cmd = text(f.get(2));
        switch (cmd) {
            case RiverProtocol.REQUEST -> {
                Received r = new Received(f.get(3), text(f.get(4)), RiverProtocol.decodeDeadline(f.get(5)),
                        text(f.get(6)), f.get(7), System.nanoTime());
                received.add(r);
                int now = inFlight.incrementAndGet();
                maxInFlight.accumulateAndGet(now, Math::max);
                pending.add(new Pending(r, System.nanoTime() + serviceNanos));
            }
            case RiverProtocol.HEARTBEAT -> heartbeatsReceived.incrementAndGet();
            case RiverProtocol.DISCONNECT -> {
                disconnectsReceived.incrementAndGet();
                reconnect();
            }
            default -> {
            }
        }
    }

    private void connect() {
        socket = zmq.createSocket(SocketType.DEALER);
        socket.setLinger(0);
        socket.setHandshakeIvl(1000);
        socket.connect(endpoint);
        poller = zmq.createPoller(1);
        poller.register(socket, ZMQ.Poller.POLLIN);
        send(RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, RiverProtocol.ascii(RiverProtocol.READY),
                name.getBytes(StandardCharsets.UTF_8), RiverProtocol.ascii(Integer.toString(slots)),
                models.getBytes(StandardCharsets.UTF_8));
        readySent.incrementAndGet();
        lastHeardNanos = System.nanoTime();
        nextHeartbeatNanos = lastHeardNanos + heartbeatMs * 1_000_000L;
    }

    /** The protocol's reconnect rule: close, (a short) reconnect interval, new socket, READY. */
    private void reconnect() {
        poller.close();
        zmq.destroySocket(socket);
        pending.clear();
        inFlight.set(0);
        try {
            Thread.sleep(heartbeatMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        connect();
    }

    private void send(byte[]... frames) {
        for (int i = 0; i < frames.length; i++) {
            socket.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
