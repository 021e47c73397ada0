package dev.river.component.zeromq;

import java.util.Arrays;
import java.util.Set;

import dev.river.component.zeromq.protocol.RiverFrames;
import dev.river.component.zeromq.protocol.RiverProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The RIVER/1 worker side: a DEALER connected to the broker's worker port that says READY, heartbeats, turns each
 * REQUEST into an exchange (through {@link RiverJobRunner}) and writes the REPLY. When the broker falls silent or
 * says DISCONNECT it closes the socket, waits reconnectInterval and starts over with a new socket and READY. On stop
 * it announces READY with 0 slots (the broker sends nothing more), finishes the requests in flight and those the
 * broker sent before it heard that, writes their REPLYs (bounded by shutdownTimeout) and says DISCONNECT.
 */
final class RiverWorkerConnection extends IoLoop {

    private static final Logger LOG = LoggerFactory.getLogger(RiverWorkerConnection.class);
    private static final long MAX_POLL_MILLIS = 1000;
    private static final byte[] NO_SLOTS = RiverProtocol.ascii("0");

    private final RiverJobRunner runner;
    private final String workerName;
    private final byte[] readyName;
    private final byte[] readySlots;
    private final byte[] readyModels;
    private final byte[][] frames = new byte[RiverProtocol.WORKER_REQUEST_FRAMES][];

    private ZMQ.Socket socket;
    private ZMQ.Poller poller;
    private int socketIndex = -1;
    private int wakeIndex;
    private int generation;
    private long lastHeard;
    private long nextHeartbeat;
    private long reconnectAt;
    private boolean draining;
    /** READY with 0 slots sent, the broker's HEARTBEAT after it not yet received (REQUESTs may still come). */
    private boolean drainUnacknowledged;
    private long drainUntil;
    private boolean finished;

    RiverWorkerConnection(ZeroMQConsumer consumer) {
        super(consumer.getEndpoint(), "ZeroMQWorker[" + consumer.getEndpoint().getAddress() + "]");
        this.workerName = endpoint.resolveWorkerName();
        String models = cfg.getModels() != null && !cfg.getModels().isBlank() ? cfg.getModels() : cfg.getModel();
        if (models == null || models.isBlank()) {
            throw new IllegalArgumentException("A RIVER/1 worker needs the option models (or model)");
        }
        Set<String> modelSet = RiverJobRunner.parseModels(models);
        int slots = cfg.getSlots();
        if (slots < 1 || slots > RiverProtocol.MAX_SLOTS) {
            throw new IllegalArgumentException("slots must be 1..1024, got " + slots);
        }
        this.readyName = RiverFrames.utf8(workerName);
        if (readyName.length == 0 || readyName.length > RiverProtocol.MAX_WORKER_NAME_BYTES) {
            throw new IllegalArgumentException("workerName must be 1..128 bytes");
        }
        this.readySlots = RiverProtocol.ascii(Integer.toString(slots));
        this.readyModels = RiverFrames.utf8(String.join(",", modelSet));
        this.runner = new RiverJobRunner(consumer, wakeup, workerName, modelSet, this::writeReply);
    }

    @Override
    protected void open() {
        runner.start();
        connect(System.currentTimeMillis());
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
            if (socket != null) {
                // graceful shutdown (docs/protocol.md): no new work from now on, in-flight requests stay ours
                sendFrames(RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, RiverFrames.READY, readyName, NO_SLOTS,
                        readyModels);
                drainUnacknowledged = true;
            }
            LOG.info("RIVER/1 worker {} stopping: READY with 0 slots sent, {} request(s) in flight, {} waiting",
                    workerName, runner.running(), runner.waiting());
        }
        boolean idle = runner.running() == 0 && runner.waiting() == 0 && !drainUnacknowledged;
        if (draining && (socket == null || idle || now >= drainUntil)) {
            if (runner.running() + runner.waiting() > 0) {
                LOG.warn("RIVER/1 worker {}: {} request(s) unfinished after shutdownTimeout={} ms; the broker "
                        + "re-dispatches them", workerName, runner.running() + runner.waiting(), cfg.getShutdownTimeout());
            }
            leave();
            return;
        }
        if (socket == null && now >= reconnectAt && !draining) {
            connect(now);
        }
        poller.poll(pollTimeout(now));
        now = System.currentTimeMillis();
        if (poller.pollin(wakeIndex)) {
            wakeup.clear();
        }
        runner.collect(now, generation);
        if (socket != null && poller.pollin(socketIndex)) {
            readMessages(now);
        }
        if (socket != null) {
            if (now - lastHeard > cfg.getHeartbeatLiveness()) {
                disconnect("broker silent for " + (now - lastHeard) + " ms", now);
            } else if (now >= nextHeartbeat) {
                send(RiverFrames.HEARTBEAT);
                counters.heartbeatsSent.increment();
                nextHeartbeat = now + cfg.getHeartbeatInterval();
            }
        }
    }

    private long pollTimeout(long now) {
        long until;
        if (socket == null) {
            until = reconnectAt;
        } else {
            until = Math.min(nextHeartbeat, lastHeard + cfg.getHeartbeatLiveness() + 1);
        }
        if (draining) {
            until = Math.min(until, drainUntil);
        }
        return Math.max(0, Math.min(MAX_POLL_MILLIS, until - now));
    }

    private void connect(long now) {
        closeSocket();
        socket = ZeroMQSockets.open(context, SocketType.DEALER, cfg, endpoint.getAddress(), cfg.isBind());
        poller = context.createPoller(2);
        wakeIndex = poller.register(wakeup.socket(), ZMQ.Poller.POLLIN);
        socketIndex = poller.register(socket, ZMQ.Poller.POLLIN);
        generation++;
        sendFrames(RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, RiverFrames.READY, readyName, readySlots,
                readyModels);
        lastHeard = now;
        nextHeartbeat = now + cfg.getHeartbeatInterval();
        LOG.debug("RIVER/1 worker {} connected to {} (READY, {} slot(s))", workerName, endpoint.getAddress(),
                cfg.getSlots());
    }

    private void disconnect(String reason, long now) {
        LOG.info("RIVER/1 worker {}: {}; reconnecting to {} in {} ms", workerName, reason, endpoint.getAddress(),
                cfg.getReconnectInterval());
        counters.reconnects.increment();
        closeSocket();
        runner.clearBacklog();
        poller = context.createPoller(1);
        wakeIndex = poller.register(wakeup.socket(), ZMQ.Poller.POLLIN);
        socketIndex = -1;
        reconnectAt = now + cfg.getReconnectInterval();
    }

    private void leave() {
        if (socket != null) {
            send(RiverFrames.DISCONNECT);
            // give the DISCONNECT a moment to leave; the context does not wait longer than this
            socket.setLinger(Math.max(cfg.getLinger(), 500));
        }
        finished = true;
    }

    private void readMessages(long now) {
        int n;
        while (socket != null && (n = RiverFrames.receive(socket, frames, ZMQ.DONTWAIT)) > 0) {
            counters.received.increment();
            lastHeard = now;
            try {
                handle(n, now);
            } finally {
                Arrays.fill(frames, null);
            }
        }
    }

    private void handle(int n, long now) {
        if (n < 3 || n > frames.length || frames[0].length != 0
            || !RiverFrames.is(frames[1], RiverProtocol.WORKER_BYTES)) {
            counters.malformed.increment();
            return;
        }
        byte[] command = frames[2];
        if (RiverFrames.is(command, RiverFrames.REQUEST)) {
            handleRequest(n, now);
        } else if (n == 3 && RiverFrames.is(command, RiverFrames.HEARTBEAT)) {
            // lastHeard already updated; while draining, the broker's answer to READY with 0 slots
            drainUnacknowledged = false;
        } else if (n == 3 && RiverFrames.is(command, RiverFrames.DISCONNECT)) {
            disconnect("broker sent DISCONNECT", now);
        } else {
            counters.malformed.increment();
        }
    }

    private void handleRequest(int n, long now) {
        byte[] id = n > 3 ? frames[3] : null;
        if (id == null || id.length == 0 || id.length > RiverProtocol.MAX_REQUEST_ID_BYTES) {
            counters.malformed.increment();
            return;
        }
        String problem = RiverRequests.problem(n, RiverProtocol.WORKER_REQUEST_FRAMES, frames, 4);
        if (problem != null) {
            counters.malformed.increment();
            writeReply(new RiverJob(null, id, null, 0, null, null, generation)
                    .fail(RiverProtocol.STATUS_BAD_REQUEST, problem, workerName));
            return;
        }
        String tooLarge = RiverRequests.tooLarge(n, frames, cfg.getMaxMessageSize());
        if (tooLarge != null) {
            counters.malformed.increment();
            writeReply(new RiverJob(null, id, null, 0, null, null, generation)
                    .fail(RiverProtocol.STATUS_BAD_REQUEST, tooLarge, workerName));
            return;
        }
        // while draining too: the broker sent it before it heard our READY with 0 slots and counts it in flight here
        RiverJob job = new RiverJob(null, id, RiverFrames.utf8(frames[4]), RiverProtocol.decodeDeadline(frames[5]),
                RiverRequests.metadata(frames[6]), frames[7], generation);
        runner.submit(job, now);
    }

    private void writeReply(RiverJob job) {
        if (socket == null) {
            counters.abandoned.increment();
            return;
        }
        sendFrames(RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, RiverFrames.REPLY, job.id, job.status,
                job.replyMetadata, job.replyPayload);
    }

    private void send(byte[] command) {
        sendFrames(RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, command);
    }

    private void sendFrames(byte[]... message) {
        if (RiverFrames.send(socket, ZMQ.DONTWAIT, message)) {
            counters.sent.increment();
        } else {
            counters.rejected.increment();
            LOG.debug("RIVER/1 worker {}: message dropped, socket would block", workerName);
        }
    }

    private void closeSocket() {
        if (poller != null) {
            poller.close();
            poller = null;
        }
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    @Override
    protected void close() {
        try {
            closeSocket();
        } finally {
            runner.stop();
        }
    }
}
