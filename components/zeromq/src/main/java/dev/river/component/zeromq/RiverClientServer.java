package dev.river.component.zeromq;

import java.util.Arrays;

import dev.river.component.zeromq.protocol.RiverFrames;
import dev.river.component.zeromq.protocol.RiverProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * Serves RIVER/1 clients directly on a bound ROUTER, without a broker (the "direct path"): each REQUEST becomes an
 * exchange (through {@link RiverJobRunner}) whose result goes back to the client that asked; PING is answered PONG
 * and STATS with this endpoint's counters. Malformed requests with a readable id get BAD_REQUEST, others are dropped;
 * both are counted.
 */
final class RiverClientServer extends IoLoop {

    private static final Logger LOG = LoggerFactory.getLogger(RiverClientServer.class);
    private static final long MAX_POLL_MILLIS = 1000;
    /** identity + the client REQUEST frames. */
    private static final int REQUEST_FRAMES = RiverProtocol.CLIENT_REQUEST_FRAMES + 1;

    private final RiverJobRunner runner;
    private final String workerName;
    private final byte[][] frames = new byte[REQUEST_FRAMES][];

    private ZMQ.Socket socket;
    private ZMQ.Poller poller;
    private int socketIndex;
    private int wakeIndex;
    private boolean draining;
    private long drainUntil;
    private boolean finished;

    RiverClientServer(ZeroMQConsumer consumer) {
        super(consumer.getEndpoint(), "ZeroMQServer[" + consumer.getEndpoint().getAddress() + "]");
        this.workerName = cfg.getWorkerName();
        String models = cfg.getModels() != null && !cfg.getModels().isBlank() ? cfg.getModels() : cfg.getModel();
        this.runner = new RiverJobRunner(consumer, wakeup, workerName, RiverJobRunner.parseModels(models),
                this::writeReply);
    }

    @Override
    protected void open() {
        socket = ZeroMQSockets.open(context, SocketType.ROUTER, cfg, endpoint.getAddress(), true);
        poller = context.createPoller(2);
        wakeIndex = poller.register(wakeup.socket(), ZMQ.Poller.POLLIN);
        socketIndex = poller.register(socket, ZMQ.Poller.POLLIN);
        runner.start();
        LOG.debug("RIVER/1 client consumer bound to {}", endpoint.getAddress());
    }

    @Override
    protected boolean keepRunning() {
        return !finished;
    }

    @Override
    protected void iterate() {
        long now = System.currentTimeMillis();
        if (!running && !draining) {
            draining = true;
            drainUntil = now + cfg.getShutdownTimeout();
        }
        if (draining && (runner.running() == 0 || now >= drainUntil)) {
            finished = true;
            return;
        }
        long timeout = draining ? Math.max(0, Math.min(MAX_POLL_MILLIS, drainUntil - now)) : MAX_POLL_MILLIS;
        poller.poll(timeout);
        now = System.currentTimeMillis();
        if (poller.pollin(wakeIndex)) {
            wakeup.clear();
        }
        runner.collect(now, 0);
        if (poller.pollin(socketIndex)) {
            int n;
            while ((n = RiverFrames.receive(socket, frames, ZMQ.DONTWAIT)) > 0) {
                counters.received.increment();
                try {
                    handle(n, now);
                } finally {
                    Arrays.fill(frames, null);
                }
            }
        }
    }

    private void handle(int n, long now) {
        byte[] peer = frames[0];
        if (n < 4 || n > frames.length || frames[1].length != 0 || !RiverFrames.is(frames[2], RiverProtocol.CLIENT_BYTES)) {
            counters.malformed.increment();
            return;
        }
        byte[] command = frames[3];
        if (RiverFrames.is(command, RiverFrames.REQUEST)) {
            handleRequest(peer, n, now);
        } else if (n == 4 && RiverFrames.is(command, RiverFrames.PING)) {
            sendFrames(peer, RiverProtocol.EMPTY, RiverProtocol.CLIENT_BYTES, RiverFrames.PONG);
        } else if (n == 4 && RiverFrames.is(command, RiverFrames.STATS)) {
            String json = "{\"workers\":[],\"queued\":0,\"counters\":" + counters.toJson() + "}";
            sendFrames(peer, RiverProtocol.EMPTY, RiverProtocol.CLIENT_BYTES, RiverFrames.STATS, RiverFrames.utf8(json));
        } else if (n == 4 && RiverFrames.is(command, RiverFrames.PONG)) {
            // an answer to nothing we asked; harmless
        } else {
            counters.malformed.increment();
        }
    }

    private void handleRequest(byte[] peer, int n, long now) {
        byte[] id = n > 4 ? frames[4] : null;
        if (id == null || id.length == 0 || id.length > RiverProtocol.MAX_REQUEST_ID_BYTES) {
            counters.malformed.increment();
            return;
        }
        String problem = RiverRequests.problem(n, REQUEST_FRAMES, frames, 5);
        if (problem == null) {
            problem = RiverRequests.tooLarge(n, frames, cfg.getMaxMessageSize());
        }
        if (problem != null) {
            counters.malformed.increment();
            writeReply(new RiverJob(peer, id, null, 0, null, null, 0)
                    .fail(RiverProtocol.STATUS_BAD_REQUEST, problem, workerName));
            return;
        }
        if (draining) {
            counters.rejected.increment();
            writeReply(new RiverJob(peer, id, null, 0, null, null, 0)
                    .fail(RiverProtocol.STATUS_ERROR, "server shutting down", workerName));
            return;
        }
        runner.submit(new RiverJob(peer, id, RiverFrames.utf8(frames[5]), RiverProtocol.decodeDeadline(frames[6]),
                RiverRequests.metadata(frames[7]), frames[8], 0), now);
    }

    private void writeReply(RiverJob job) {
        sendFrames(job.peer, RiverProtocol.EMPTY, RiverProtocol.CLIENT_BYTES, RiverFrames.REPLY, job.id, job.status,
                job.replyMetadata, job.replyPayload);
    }

    private void sendFrames(byte[]... message) {
        // ROUTER drops messages to unknown peers silently; DONTWAIT keeps a slow client from stalling the loop
        if (RiverFrames.send(socket, ZMQ.DONTWAIT, message)) {
            counters.sent.increment();
        } else {
            counters.rejected.increment();
        }
    }

    @Override
    protected void close() {
        try {
            poller.close();
            socket.close();
        } finally {
            runner.stop();
        }
    }
}
