package dev.river.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import dev.river.component.zeromq.protocol.RiverProtocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** A RIVER/1 client written from docs/protocol.md: a raw JeroMQ DEALER (or REQ), used on the test thread. */
final class TestClient implements AutoCloseable {

    /** A REPLY as the client received it. */
    record Reply(String requestId, String status, String metadata, byte[] payload) {
        String payloadText() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ZContext zmq;
    private final String endpoint;
    private final SocketType type;
    private ZMQ.Socket socket;
    private final boolean req;

    TestClient(ZContext zmq, String endpoint, SocketType type) {
        this.zmq = zmq;
        this.req = type == SocketType.REQ;
        this.endpoint = endpoint;
        this.type = type;
        open();
        warmUp();
    }

    /**
     * JeroMQ 0.6.0 occasionally gives a brand-new DEALER/REQ connection that never delivers anything (seen about
     * once in 300 connections here, with a plain ROUTER too, not only with the broker). Like a robust client,
     * PING until PONG before any work, and start over with a new socket when a PING goes unanswered.
     */
    private void warmUp() {
        for (int attempt = 0; attempt < 20; attempt++) {
            send(RiverProtocol.CLIENT_BYTES, RiverProtocol.ascii(RiverProtocol.PING));
            if (receive(500) != null) {
                return;
            }
            zmq.destroySocket(socket);
            open();
        }
        throw new AssertionError("no PONG from the broker after 20 attempts");
    }

    private void open() {
        socket = zmq.createSocket(type);
        socket.setLinger(0);
        socket.setHandshakeIvl(1000);
        socket.connect(endpoint);
    }

    /** Sends frames as listed in docs/protocol.md; the empty delimiter is added here (by REQ itself). */
    void send(byte[]... frames) {
        if (!req) {
            socket.send(RiverProtocol.EMPTY, ZMQ.SNDMORE);
        }
        sendRaw(frames);
    }

    /** Sends exactly these frames, no delimiter added. */
    void sendRaw(byte[]... frames) {
        for (int i = 0; i < frames.length; i++) {
            socket.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    void request(String requestId, String model, long deadline, String metadata, byte[] payload) {
        send(RiverProtocol.CLIENT_BYTES, RiverProtocol.ascii(RiverProtocol.REQUEST), utf8(requestId), utf8(model),
                RiverProtocol.encodeDeadline(deadline), utf8(metadata), payload);
    }

    void request(String requestId, String model, long deadline) {
        request(requestId, model, deadline, "{}", utf8("payload-" + requestId));
    }

    /** The next message's frames without the delimiter (checked empty), or null after {@code timeoutMs}. */
    List<byte[]> receive(long timeoutMs) {
        socket.setReceiveTimeOut(timeoutMs == 0 ? 0 : (int) timeoutMs);
        byte[] first = socket.recv(0);
        if (first == null) {
            if (timeoutMs >= 1000) {
                dumpThreads();
            }
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        if (req) {
            frames.add(first);
        } else {
            assertEquals(0, first.length, "frame 0 must be the empty delimiter");
        }
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    /** The next message, which must be a well-formed RIVER/1 REPLY. */
    Reply reply(long timeoutMs) {
        List<byte[]> f = receive(timeoutMs);
        assertNotNull(f, "no reply within " + timeoutMs + " ms");
        assertEquals(RiverProtocol.CLIENT_REPLY_FRAMES - 1, f.size(), "REPLY frames after the delimiter");
        assertEquals(RiverProtocol.CLIENT, text(f.get(0)));
        assertEquals(RiverProtocol.REPLY, text(f.get(1)));
        return new Reply(text(f.get(2)), text(f.get(3)), text(f.get(4)), f.get(5));
    }

    Reply reply() {
        return reply(10_000);
    }

    /** PING, then the next message must be PONG. */
    void ping() {
        send(RiverProtocol.CLIENT_BYTES, RiverProtocol.ascii(RiverProtocol.PING));
        List<byte[]> f = receive(10_000);
        assertNotNull(f, "no PONG");
        assertEquals(List.of(RiverProtocol.CLIENT, RiverProtocol.PONG), f.stream().map(TestClient::text).toList());
    }

    JsonNode stats() {
        send(RiverProtocol.CLIENT_BYTES, RiverProtocol.ascii(RiverProtocol.STATS));
        List<byte[]> f = receive(10_000);
        assertNotNull(f, "no STATS answer");
        assertEquals(3, f.size());
        assertEquals(RiverProtocol.STATS, text(f.get(1)));
        try {
            return JSON.readTree(f.get(2));
        } catch (java.io.IOException e) {
            throw new AssertionError("STATS is not JSON: " + text(f.get(2)), e);
        }
    }

    @Override
    public void close() {
        zmq.destroySocket(socket);
    }

    static void dumpThreads() {
        StringBuilder sb = new StringBuilder("thread dump on receive timeout\n");
        Thread.getAllStackTraces().forEach((t, st) -> {
            sb.append(t.getName()).append(' ').append(t.getState()).append('\n');
            for (StackTraceElement e : st) {
                sb.append("    at ").append(e).append('\n');
            }
        });
        System.err.println(sb);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
