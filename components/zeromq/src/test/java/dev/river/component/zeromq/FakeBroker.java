package dev.river.component.zeromq;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.river.component.zeromq.protocol.RiverProtocol;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A ROUTER that plays the broker's worker side in tests, speaking RIVER/1 frames from docs/protocol.md by hand.
 * Used from the test thread only.
 */
final class FakeBroker implements AutoCloseable {

    private final ZContext context = new ZContext(1);
    private final int port;
    private ZMQ.Socket router;

    FakeBroker(int port) {
        this.port = port;
        bind();
    }

    /** Binds a new ROUTER on the port (retrying while the old one is being released). */
    void bind() {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            ZMQ.Socket s = context.createSocket(SocketType.ROUTER);
            s.setLinger(0);
            try {
                s.bind("tcp://127.0.0.1:" + port);
                router = s;
                return;
            } catch (RuntimeException e) {
                s.close();
                last = e;
                sleep(20);
            }
        }
        throw last;
    }

    /** Closes the ROUTER: the broker "dies" (workers hear nothing more). */
    void closeSocket() {
        router.close();
        router = null;
    }

    /** The next message (identity first), or null after the timeout. */
    List<byte[]> receive(long timeoutMillis) {
        router.setReceiveTimeOut((int) timeoutMillis);
        byte[] first = router.recv(0);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (router.hasReceiveMore()) {
            frames.add(router.recv(0));
        }
        return frames;
    }

    /** The next message with the given worker command, skipping HEARTBEATs and others; null after the timeout. */
    List<byte[]> receiveCommand(String command, long timeoutMillis) {
        long until = System.currentTimeMillis() + timeoutMillis;
        long left;
        while ((left = until - System.currentTimeMillis()) > 0) {
            List<byte[]> m = receive(left);
            if (m == null) {
                return null;
            }
            if (m.size() >= 4 && command.equals(text(m.get(3)))) {
                return m;
            }
            if (!(m.size() >= 4 && "HEARTBEAT".equals(text(m.get(3))))) {
                System.err.println("FakeBroker skipped " + m.stream().map(FakeBroker::text).toList());
            }
        }
        return null;
    }

    /** Sends frames to the worker with this identity. */
    void send(byte[] identity, byte[]... frames) {
        router.send(identity, ZMQ.SNDMORE);
        for (int i = 0; i < frames.length; i++) {
            router.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    /** Sends a RIVER/1 worker REQUEST. */
    void sendRequest(byte[] identity, long jobId, String model, long deadline, String metadata, byte[] payload) {
        send(identity, RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, RiverProtocol.ascii(RiverProtocol.REQUEST),
                RiverProtocol.encodeDeadline(jobId), model.getBytes(StandardCharsets.UTF_8),
                RiverProtocol.encodeDeadline(deadline), metadata.getBytes(StandardCharsets.UTF_8), payload);
    }

    void sendCommand(byte[] identity, String command) {
        send(identity, RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, RiverProtocol.ascii(command));
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
