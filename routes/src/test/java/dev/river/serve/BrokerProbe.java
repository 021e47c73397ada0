package dev.river.serve;

import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.river.component.zeromq.protocol.RiverProtocol;

/**
 * Asks a broker PING and STATS with raw RIVER/1 frames (docs/protocol.md), so tests wait on the broker's
 * own view (workers registered, counters) instead of sleeping.
 */
final class BrokerProbe implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ZContext context = new ZContext();
    private final String frontend;

    BrokerProbe(String frontend) {
        this.frontend = frontend;
    }

    /** One STATS round trip on a fresh socket; null when the broker does not answer within the timeout. */
    JsonNode stats(int timeoutMs) {
        ZMsg reply = ask(RiverProtocol.STATS, timeoutMs);
        if (reply == null) {
            return null;
        }
        try {
            return JSON.readTree(reply.getLast().getData());
        } catch (Exception e) {
            throw new AssertionError("STATS reply is not JSON: " + reply, e);
        }
    }

    boolean ping(int timeoutMs) {
        ZMsg reply = ask(RiverProtocol.PING, timeoutMs);
        return reply != null && reply.size() >= 3
               && RiverProtocol.PONG.equals(reply.toArray(new org.zeromq.ZFrame[0])[2].getString(StandardCharsets.US_ASCII));
    }

    /**
     * Polls STATS until the condition holds. Fails with the last STATS seen when it never does, and at once
     * when one of the given services has exited; either way the message carries each service's state and the
     * end of its log, so a failure on CI explains itself.
     */
    JsonNode awaitStats(Predicate<JsonNode> condition, long timeoutMs, String what, RiverServiceProcess... services)
            throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < end) {
            last = stats(500);
            if (last != null && condition.test(last)) {
                return last;
            }
            for (RiverServiceProcess service : services) {
                if (!service.isAlive()) {
                    throw new AssertionError("waiting for " + what + ": " + service.name() + " exited"
                                             + RiverServiceProcess.report(services));
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what + "; last STATS: " + last
                                 + RiverServiceProcess.report(services));
    }

    static int workersServing(JsonNode stats, String model) {
        int n = 0;
        for (JsonNode worker : stats.path("workers")) {
            for (JsonNode m : worker.path("models")) {
                if (model.equals(m.asText())) {
                    n++;
                }
            }
        }
        return n;
    }

    private ZMsg ask(String command, int timeoutMs) {
        try (ZMQ.Socket socket = context.createSocket(SocketType.DEALER)) {
            socket.setLinger(0);
            socket.setHandshakeIvl(1000);
            socket.setReceiveTimeOut(timeoutMs);
            socket.connect(frontend);
            ZMsg msg = new ZMsg();
            msg.add(RiverProtocol.EMPTY);
            msg.add(RiverProtocol.CLIENT_BYTES);
            msg.add(RiverProtocol.ascii(command));
            msg.send(socket);
            return ZMsg.recvMsg(socket);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
