package dev.river.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQException;

import static dev.river.component.zeromq.protocol.RiverProtocol.CLIENT_BYTES;
import static dev.river.component.zeromq.protocol.RiverProtocol.CLIENT_REQUEST_FRAMES;
import static dev.river.component.zeromq.protocol.RiverProtocol.DEADLINE_BYTES;
import static dev.river.component.zeromq.protocol.RiverProtocol.EMPTY;
import static dev.river.component.zeromq.protocol.RiverProtocol.JOB_ID_BYTES;
import static dev.river.component.zeromq.protocol.RiverProtocol.MAX_MODEL_BYTES;
import static dev.river.component.zeromq.protocol.RiverProtocol.MAX_REQUEST_ID_BYTES;
import static dev.river.component.zeromq.protocol.RiverProtocol.MAX_SLOTS;
import static dev.river.component.zeromq.protocol.RiverProtocol.MAX_WORKER_NAME_BYTES;
import static dev.river.component.zeromq.protocol.RiverProtocol.WORKER_BYTES;
import static dev.river.component.zeromq.protocol.RiverProtocol.WORKER_READY_FRAMES;
import static dev.river.component.zeromq.protocol.RiverProtocol.WORKER_REPLY_FRAMES;

/**
 * The RIVER/1 least-busy broker (docs/protocol.md): a ROUTER for clients (frontend) and a ROUTER for workers
 * (backend), both owned by one thread that runs a poll loop. Requests go to the live worker serving the model
 * with the most free slots (ties: idle longest; {@link WorkerRegistry}); requests that find no free slot wait in a
 * bounded earliest-deadline-first queue per model ({@link DeadlineQueue}). Payload, metadata and result frames are
 * forwarded as received (the byte arrays, or on the NIO transport the pooled buffers they were read into), never
 * copied or parsed. The
 * sockets are a {@link BrokerTransport} (river.proxy.transport): the loop is the same over both.
 *
 * <p>A Camel {@link org.apache.camel.Service}: when it has a {@link CamelContext} its thread comes from the
 * context's ExecutorServiceManager; without one (benchmarks, plain Java) it makes its own. {@link #doStart()}
 * returns once both sockets are bound (or throws naming the address that could not be bound).
 *
 * <p>With {@link CurveSettings} the backend (and optionally the frontend) is a CURVE server whose peers are checked
 * by a {@link ZapAuthenticator} on the same thread. {@link #doStop()} is graceful: queued requests are answered
 * SHUTTING_DOWN, replies of requests in flight are still forwarded for river.proxy.shutdown-grace-ms, then what is
 * left is answered SHUTTING_DOWN and every worker is told DISCONNECT (docs/protocol.md, Shutdown).
 */
public class LeastBusyBroker extends ServiceSupport implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(LeastBusyBroker.class);

    private static final byte[] REQUEST = ascii("REQUEST");
    private static final byte[] REPLY = ascii("REPLY");
    private static final byte[] PING = ascii("PING");
    private static final byte[] PONG = ascii("PONG");
    private static final byte[] STATS = ascii("STATS");
    private static final byte[] READY = ascii("READY");
    private static final byte[] HEARTBEAT = ascii("HEARTBEAT");
    private static final byte[] DISCONNECT = ascii("DISCONNECT");

    private static final byte[] EXPIRED = ascii("EXPIRED");
    private static final byte[] NO_WORKER = ascii("NO_WORKER");
    private static final byte[] OVERLOADED = ascii("OVERLOADED");
    private static final byte[] BAD_REQUEST = ascii("BAD_REQUEST");
    private static final byte[] WORKER_LOST = ascii("WORKER_LOST");
    private static final byte[] ERROR = ascii("ERROR");
    private static final byte[] SHUTTING_DOWN = ascii("SHUTTING_DOWN");

    private static final byte[] EXPIRED_META = Json.error("the deadline passed before a worker slot was free");
    private static final byte[] OVERLOADED_META = Json.error("the broker queue is full");
    private static final byte[] SHUTTING_DOWN_META =
            Json.error("the broker is shutting down; the request was not run");
    private static final byte[] WORKER_LOST_META =
            Json.error("the worker running the request was lost and it could not be re-dispatched");

    /** Messages taken from one socket before looking at the other. */
    private static final int BATCH = 128;
    /** Longest poll wait: bounds how long stop() and the housekeeping (liveness, heartbeats) can lag. */
    private static final long MAX_POLL_MS = 25;
    /** Minimum time between two WARN lines about bad input. */
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Name of the broker loop's thread when no CamelContext supplies one (benchmarks, plain Java). */
    public static final String THREAD_NAME = "river-broker";

    private final BrokerSettings settings;
    private final CurveSettings curve;
    private final BrokerCounters counters = new BrokerCounters();
    private CamelContext camelContext;

    private ExecutorService executor;
    private volatile boolean running;
    private volatile boolean stopRequested;
    private volatile CountDownLatch loopDone = new CountDownLatch(0);
    private volatile String frontendEndpoint;
    private volatile String backendEndpoint;
    private volatile BrokerStats published;
    /** System.nanoTime() of the broker loop's last housekeeping pass (liveness for health checks). */
    private volatile long lastHousekeepingNanos;

    // ---- broker-thread state -------------------------------------------------------------------------
    private BrokerTransport transport;
    private BrokerSocket frontend;
    private BrokerSocket backend;
    private boolean stopping;
    private long stopUntil;
    private final ReceivedMessage message = new ReceivedMessage();
    private final WorkerRegistry registry = new WorkerRegistry();
    private final DeadlineQueue queue = new DeadlineQueue();
    private long nextJobId = 1;
    private long arrivalSeq;
    private long nextHeartbeatNanos;
    private long lastWarnNanos;
    /** Whether the message being handled came from the frontend (labels malformed input by side). */
    private boolean fromClient;
    private long suppressedWarnings;

    public LeastBusyBroker(BrokerSettings settings) {
        this(settings, CurveSettings.off());
    }

    public LeastBusyBroker(BrokerSettings settings, CurveSettings curve) {
        this.settings = settings;
        this.curve = curve;
        this.published = emptyStats();
    }

    public CurveSettings getCurveSettings() {
        return curve;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    public BrokerSettings getSettings() {
        return settings;
    }

    /** The frontend address actually bound (a {@code *} or 0 port resolved), or null when not started. */
    public String getFrontendEndpoint() {
        return frontendEndpoint;
    }

    /** The backend address actually bound, or null when not started. */
    public String getBackendEndpoint() {
        return backendEndpoint;
    }

    /** Live counters; any thread. */
    public BrokerCounters getCounters() {
        return counters;
    }

    /**
     * The latest snapshot (workers, queue, slots; refreshed by the broker thread at least every 25 ms) with
     * live counters. Any thread.
     */
    public BrokerStats stats() {
        BrokerStats s = published;
        return new BrokerStats(s.workers(), s.queued(), s.queuedPerModel(), s.busySlots(), s.totalSlots(),
                s.workersPerModel(), counters.asMap());
    }

    /** True while the broker thread runs its loop (false before start, after stop, or if the loop died). */
    public boolean isLoopRunning() {
        return loopDone.getCount() > 0 && running;
    }

    /** System.nanoTime() of the loop's last housekeeping pass (every 25 ms while it is healthy); any thread. */
    public long getLastHousekeepingNanos() {
        return lastHousekeepingNanos;
    }

    // ---- lifecycle -----------------------------------------------------------------------------------

    @Override
    protected void doStart() throws Exception {
        if (camelContext != null) {
            executor = camelContext.getExecutorServiceManager().newSingleThreadExecutor(this, "RiverBroker");
        } else {
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, THREAD_NAME);
                t.setDaemon(true);
                return t;
            });
        }
        CompletableFuture<Void> bound = new CompletableFuture<>();
        loopDone = new CountDownLatch(1);
        running = true;
        stopRequested = false;
        executor.execute(() -> run(bound));
        try {
            bound.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            running = false;
            shutdownExecutor();
            Throwable cause = e.getCause();
            throw cause instanceof Exception ex ? ex : new IllegalStateException(cause);
        } catch (TimeoutException e) {
            running = false;
            shutdownExecutor();
            throw new IllegalStateException("river-proxy broker did not bind its sockets within 30 s");
        }
        LOG.info("river-proxy listening: clients {} (river.proxy.frontend), workers {} (river.proxy.backend); "
                + "queue-size={}, default-timeout-ms={}, heartbeat {}/{} ms, max-message-size={}",
                frontendEndpoint, backendEndpoint, settings.queueSize(), settings.defaultTimeoutMs(),
                settings.heartbeatIntervalMs(), settings.heartbeatLivenessMs(), settings.maxMessageSize());
        LOG.info("river-proxy security: {}", curve);
    }

    @Override
    protected void doStop() throws Exception {
        // graceful first: the loop answers what it holds and leaves by itself (see stopGracefully)
        stopRequested = true;
        if (!loopDone.await(settings.shutdownGraceMs() + 2000, TimeUnit.MILLISECONDS)) {
            running = false;
            if (!loopDone.await(10, TimeUnit.SECONDS)) {
                LOG.warn("river-proxy broker thread did not stop within 10 s");
            }
        }
        shutdownExecutor();
        LOG.info("river-proxy stopped (clients {}, workers {})", frontendEndpoint, backendEndpoint);
    }

    private void shutdownExecutor() {
        ExecutorService e = executor;
        executor = null;
        if (e == null) {
            return;
        }
        if (camelContext != null) {
            camelContext.getExecutorServiceManager().shutdownNow(e);
        } else {
            e.shutdownNow();
        }
    }

    // ---- the loop ------------------------------------------------------------------------------------

    private void run(CompletableFuture<Void> bound) {
        try {
            try {
                open();
            } catch (RuntimeException e) {
                closeSockets();
                bound.completeExceptionally(e);
                return;
            }
            bound.complete(null);
            loop();
        } catch (Throwable t) {
            LOG.error("river-proxy broker loop failed; the broker stops", t);
        } finally {
            closeSockets();
            loopDone.countDown();
        }
    }

    private void open() {
        transport = createTransport();
        transport.open();
        frontend = transport.frontend();
        backend = transport.backend();
        frontendEndpoint = transport.frontendEndpoint();
        backendEndpoint = transport.backendEndpoint();
        published = snapshot();
    }

    /**
     * The transport river.proxy.transport names; {@code nio} falls back to {@code jeromq} (logged) when CURVE is
     * configured or an address is not tcp:// (the NIO transport speaks ZMTP with the NULL mechanism over TCP only).
     */
    private BrokerTransport createTransport() {
        BrokerTransport.Events events = new BrokerTransport.Events() {
            @Override
            public void malformed(boolean clientSide, String reason) {
                fromClient = clientSide;
                LeastBusyBroker.this.malformed(reason, null);
            }

            @Override
            public void refused(String domain) {
                LeastBusyBroker.this.refused(domain);
            }

            @Override
            public void undelivered(boolean clientSide) {
                counters.increment(Counter.UNDELIVERED);
            }
        };
        String why = null;
        if (settings.transport() == BrokerSettings.Transport.NIO) {
            if (curve.enabled()) {
                why = "CURVE is configured (river.proxy.curve.secret-key) and the NIO transport speaks only the NULL "
                        + "mechanism";
            } else if (!settings.frontend().startsWith("tcp://") || !settings.backend().startsWith("tcp://")) {
                why = "the NIO transport binds tcp:// addresses only";
            } else {
                LOG.info("river-proxy transport: nio (ZMTP 3 on NIO in the broker thread; {}=nio)",
                        BrokerSettings.TRANSPORT);
                return new dev.river.proxy.zmtp.ZmtpTransport(settings, events);
            }
            LOG.info("river-proxy transport: jeromq ({}=nio, but {})", BrokerSettings.TRANSPORT, why);
        } else {
            LOG.info("river-proxy transport: jeromq ({}=jeromq)", BrokerSettings.TRANSPORT);
        }
        return new JeroMqTransport(settings, curve, events);
    }

    /** A CURVE peer was refused by the ZAP handler (broker thread). */
    private void refused(String domain) {
        counters.increment(ZapAuthenticator.WORKERS.equals(domain) ? Counter.REFUSED_WORKERS : Counter.REFUSED_CLIENTS);
    }

    private void closeSockets() {
        if (transport != null) {
            transport.close();
            transport = null;
            frontend = null;
            backend = null;
        }
    }

    private void loop() {
        long heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(settings.heartbeatIntervalMs());
        nextHeartbeatNanos = System.nanoTime() + heartbeatNanos;
        long nextHousekeeping = 0;
        boolean pending = false;
        try {
            while (running && !Thread.currentThread().isInterrupted()) {
                long now = System.currentTimeMillis();
                if (stopRequested && !stopping) {
                    beginStop(now);
                }
                if (stopping && (registry.busySlots() == 0 || now >= stopUntil)) {
                    finishStop();
                    break;
                }
                long nearest = queue.isEmpty() ? Long.MAX_VALUE : queue.removeExpired(now, this::expire);
                if (now >= nextHousekeeping) {
                    housekeeping(now);
                    nextHousekeeping = now + MAX_POLL_MS;
                }
                if (!pending) {
                    transport.flush();
                    long wait = Math.min(MAX_POLL_MS, Math.min(nearest, nextHousekeeping) - now);
                    transport.await(Math.max(1, wait));
                }
                // A bounded batch from each socket, then back to the deadlines and heartbeats.
                pending = drain(frontend, true) | drain(backend, false);
                transport.flush();
            }
        } catch (ZMQException e) {
            if (running) {
                throw e;
            }
        } finally {
            LOG.debug("river-proxy broker loop ends (running={}, interrupted={})", running,
                    Thread.currentThread().isInterrupted());
        }
    }

    // ---- shutdown ------------------------------------------------------------------------------------

    /** Stop asked: answer the queue, take no new work, keep forwarding replies of requests in flight. */
    private void beginStop(long now) {
        stopping = true;
        stopUntil = now + settings.shutdownGraceMs();
        int answered = queue.removeAll(this::shuttingDown);
        LOG.info("river-proxy stopping: {} queued request(s) answered SHUTTING_DOWN; waiting up to {} ms ({}) for "
                + "the replies of {} request(s) in flight", answered, settings.shutdownGraceMs(),
                BrokerSettings.SHUTDOWN_GRACE_MS, registry.busySlots());
        published = snapshot();
    }

    /** Grace over (or nothing left in flight): answer what is left, tell every worker DISCONNECT, flush. */
    private void finishStop() {
        int unanswered = 0;
        for (RegisteredWorker w : registry.all()) {
            for (Job job : registry.takeInflight(w)) {
                shuttingDown(job);
                unanswered++;
            }
            backend.send(w.identity, EMPTY, WORKER_BYTES, DISCONNECT);
        }
        if (unanswered > 0) {
            LOG.warn("river-proxy stopping: {} request(s) still in flight after {} ms answered SHUTTING_DOWN",
                    unanswered, settings.shutdownGraceMs());
        }
        LOG.info("river-proxy stopping: DISCONNECT sent to {} worker(s)", registry.size());
        // let the last replies and DISCONNECTs leave before the sockets close (the context applies its linger)
        transport.lingerOnClose(1000);
        published = snapshot();
    }

    private void shuttingDown(Job job) {
        counters.increment(Counter.SHUTTING_DOWN);
        replyClient(job, SHUTTING_DOWN, SHUTTING_DOWN_META, EMPTY);
    }

    /** Handles up to {@link #BATCH} messages waiting on {@code socket}; true if it may have more. */
    private boolean drain(BrokerSocket socket, boolean clientSide) {
        for (int i = 0; i < BATCH; i++) {
            if (!socket.receive(message)) {
                return false;
            }
            fromClient = clientSide;
            try {
                if (clientSide) {
                    onClientMessage();
                } else {
                    onWorkerMessage();
                }
            } catch (ZMQException e) {
                throw e;
            } catch (RuntimeException e) {
                malformed((clientSide ? "client" : "worker") + " message failed: " + e, e);
            } finally {
                message.clear();
            }
        }
        return true;
    }

    /** Frame {@code i} of the message being handled, as bytes to parse. */
    private byte[] f(int i) {
        return message.bytes(i);
    }

    // ---- clients -------------------------------------------------------------------------------------

    private void onClientMessage() {
        int n = message.count();
        byte[] client = f(0);
        if (n < 4 || f(1).length != 0 || !Arrays.equals(f(2), CLIENT_BYTES)) {
            malformed("client message without the RIVER1C header (" + (n - 1) + " frames)", null);
            return;
        }
        byte[] cmd = f(3);
        if (Arrays.equals(cmd, REQUEST)) {
            onClientRequest(client, n);
        } else if (Arrays.equals(cmd, PING)) {
            if (n != 4) {
                malformed("PING with " + (n - 1) + " frames", null);
                return;
            }
            frontend.send(client, EMPTY, CLIENT_BYTES, PONG);
        } else if (Arrays.equals(cmd, STATS)) {
            if (n != 4) {
                malformed("STATS with " + (n - 1) + " frames", null);
                return;
            }
            byte[] json = snapshot().toJsonBytes();
            frontend.send(client, EMPTY, CLIENT_BYTES, STATS, json);
        } else if (Arrays.equals(cmd, PONG)) {
            if (n != 4) {
                malformed("PONG with " + (n - 1) + " frames", null);
            }
        } else {
            malformed("unknown client command " + printable(cmd), null);
        }
    }

    private void onClientRequest(byte[] client, int n) {
        if (n < 5 || f(4).length < 1 || f(4).length > MAX_REQUEST_ID_BYTES) {
            malformed("client REQUEST without a readable request id", null);
            return;
        }
        byte[] requestId = f(4);
        counters.increment(Counter.REQUESTS);
        if (n != CLIENT_REQUEST_FRAMES + 1) {
            badRequest(client, requestId, "a REQUEST has " + CLIENT_REQUEST_FRAMES + " frames, got " + (n - 1));
            return;
        }
        if (message.bytes() > settings.maxMessageSize()) {
            badRequest(client, requestId, "message of " + message.bytes()
                    + " bytes exceeds the maximum message size of " + settings.maxMessageSize() + " bytes");
            return;
        }
        byte[] model = f(5);
        if (model.length < 1 || model.length > MAX_MODEL_BYTES) {
            badRequest(client, requestId, "model must be 1.." + MAX_MODEL_BYTES + " bytes, got " + model.length);
            return;
        }
        byte[] deadlineFrame = f(6);
        if (deadlineFrame.length != DEADLINE_BYTES) {
            badRequest(client, requestId, "deadline must be 8 bytes (int64 epoch ms), got " + deadlineFrame.length);
            return;
        }
        long deadline = readLong(deadlineFrame);
        if (deadline < 0) {
            badRequest(client, requestId, "deadline must be epoch milliseconds or 0, got " + deadline);
            return;
        }
        long now = System.currentTimeMillis();
        if (deadline == 0) {
            deadline = now + settings.defaultTimeoutMs();
            deadlineFrame = writeLong(deadline);
        }
        String modelName = new String(model, StandardCharsets.UTF_8);
        Job job = new Job(client, requestId, model, modelName, deadline, deadlineFrame, message.frame(7),
                message.frame(8), arrivalSeq++);
        if (deadline <= now) {
            expire(job);
            return;
        }
        if (stopping) {
            shuttingDown(job);
            return;
        }
        RegisteredWorker w = registry.leastBusy(modelName);
        if (w != null) {
            dispatch(w, job);
        } else if (queue.size() >= settings.queueSize()) {
            counters.increment(Counter.OVERLOADED);
            counters.increment(Counter.REJECTED);
            replyClient(job, OVERLOADED, OVERLOADED_META, EMPTY);
        } else {
            queue.add(job);
        }
    }

    private void badRequest(byte[] client, byte[] requestId, String reason) {
        counters.increment(Counter.BAD_REQUEST);
        counters.increment(Counter.REJECTED);
        malformed(reason, null);
        sendReply(client, requestId, BAD_REQUEST, Json.error(reason), EMPTY);
    }

    /** Answers a job; the only way a job ends, so its forwarded frames are released here. */
    private void replyClient(Job job, byte[] status, Object metadata, Object payload) {
        sendReply(job.client, job.requestId, status, metadata, payload);
        job.release();
    }

    private void sendReply(byte[] client, byte[] requestId, byte[] status, Object metadata, Object payload) {
        counters.incrementReplyStatus(status);
        frontend.send(client, EMPTY, CLIENT_BYTES, REPLY, requestId, status, metadata, payload);
    }

    /** Answers a request whose deadline passed: EXPIRED, or NO_WORKER when no live worker serves its model. */
    private void expire(Job job) {
        if (registry.serves(job.modelName)) {
            counters.increment(Counter.EXPIRED);
            replyClient(job, EXPIRED, EXPIRED_META, EMPTY);
        } else {
            counters.increment(Counter.NO_WORKER);
            replyClient(job, NO_WORKER,
                    Json.error("the deadline passed and no live worker serves model " + job.modelName), EMPTY);
        }
    }

    // ---- dispatch and queue --------------------------------------------------------------------------

    private void dispatch(RegisteredWorker w, Job job) {
        long id = nextJobId++;
        byte[] jobId = writeLong(id);
        registry.assign(w, job, id);
        backend.send(w.identity, EMPTY, WORKER_BYTES, REQUEST, jobId, job.model, job.deadlineFrame, job.metadata,
                job.payload);
        counters.increment(Counter.DISPATCHED);
    }

    /** Gives worker {@code w} queued work (earliest deadline first over its models) while it has free slots. */
    private void feed(RegisteredWorker w) {
        if (queue.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        while (w.freeSlots() > 0) {
            Job job = queue.pollEarliest(w.models);
            if (job == null) {
                return;
            }
            if (job.deadline <= now) {
                expire(job);
            } else {
                dispatch(w, job);
            }
        }
    }

    // ---- workers -------------------------------------------------------------------------------------

    private void onWorkerMessage() {
        int n = message.count();
        byte[] identity = f(0);
        RegisteredWorker w = registry.get(identity);
        if (w != null) {
            w.lastSeenNanos = System.nanoTime();
        }
        if (n < 4 || f(1).length != 0 || !Arrays.equals(f(2), WORKER_BYTES)) {
            malformed("worker message without the RIVER1W header (" + (n - 1) + " frames)", null);
            return;
        }
        byte[] cmd = f(3);
        if (Arrays.equals(cmd, READY)) {
            onReady(identity, w, n);
            return;
        }
        boolean known = Arrays.equals(cmd, REPLY) || Arrays.equals(cmd, HEARTBEAT) || Arrays.equals(cmd, DISCONNECT);
        if (!known) {
            malformed("unknown worker command " + printable(cmd), null);
        }
        if (w == null) {
            // Typically a worker that was connected to a previous broker: tell it to reconnect and READY again.
            backend.send(identity, EMPTY, WORKER_BYTES, DISCONNECT);
            counters.increment(Counter.DISCONNECTS_SENT);
            return;
        }
        if (!known) {
            return;
        }
        if (Arrays.equals(cmd, REPLY)) {
            onWorkerReply(w, n);
        } else if (Arrays.equals(cmd, HEARTBEAT)) {
            if (n != 4) {
                malformed("HEARTBEAT with " + (n - 1) + " frames", null);
            }
        } else {
            if (n != 4) {
                malformed("DISCONNECT with " + (n - 1) + " frames", null);
            }
            removeWorker(w, "it sent DISCONNECT");
        }
    }

    private void onReady(byte[] identity, RegisteredWorker existing, int n) {
        if (n != WORKER_READY_FRAMES + 1) {
            malformed("READY with " + (n - 1) + " frames", null);
            return;
        }
        byte[] nameFrame = f(4);
        if (nameFrame.length < 1 || nameFrame.length > MAX_WORKER_NAME_BYTES) {
            malformed("READY worker name of " + nameFrame.length + " bytes", null);
            return;
        }
        int slots = parseSlots(f(5));
        if (slots < 0) {
            malformed("READY slots " + printable(f(5)) + " not in 0.." + MAX_SLOTS, null);
            return;
        }
        if (slots == 0) {
            onDraining(existing);
            return;
        }
        if (stopping && existing == null) {
            return; // no new workers while the broker stops
        }
        List<String> models = parseModels(f(6));
        if (models == null) {
            malformed("READY models " + printable(f(6)) + " not a comma-separated list of model names", null);
            return;
        }
        String name = new String(nameFrame, StandardCharsets.UTF_8);
        RegisteredWorker w = existing;
        if (w == null) {
            w = registry.join(identity);
            counters.increment(Counter.WORKERS_JOINED);
        }
        registry.serve(w, name, slots, models);
        LOG.info("worker {} ready: {} slot(s), models {} ({} live worker(s))", name, slots, models, registry.size());
        published = snapshot();
        feed(w);
    }

    /** READY with 0 slots: the worker stops taking work; its requests in flight stay in flight (graceful stop). */
    private void onDraining(RegisteredWorker w) {
        if (w == null) {
            return; // a worker we do not know is leaving: nothing to do
        }
        registry.drain(w);
        counters.increment(Counter.WORKERS_DRAINING);
        // the acknowledgement: every REQUEST sent to it before this point is on the wire ahead of this HEARTBEAT
        backend.send(w.identity, EMPTY, WORKER_BYTES, HEARTBEAT);
        LOG.info("worker {} is stopping: no new work for it, {} request(s) in flight on it; {} live worker(s)", w.name,
                w.busy(), registry.size());
        published = snapshot();
    }

    private void onWorkerReply(RegisteredWorker w, int n) {
        if (n < 5 || f(4).length != JOB_ID_BYTES) {
            malformed("worker " + w.name + " REPLY without an 8-byte job id", null);
            return;
        }
        long id = readLong(f(4));
        Job job = registry.complete(w, id);
        if (job == null) {
            counters.increment(Counter.LATE_WORKER_REPLIES);
            if (n != WORKER_REPLY_FRAMES + 1) {
                malformed("worker " + w.name + " REPLY with " + (n - 1) + " frames", null);
            }
            return;
        }
        if (n != WORKER_REPLY_FRAMES + 1 || f(5).length == 0) {
            malformed("worker " + w.name + " REPLY with " + (n - 1) + " frames or an empty status", null);
            counters.increment(Counter.REPLIES);
            replyClient(job, ERROR, Json.error("worker " + w.name + " sent a malformed REPLY"), EMPTY);
        } else if (message.bytes() > settings.maxMessageSize()) {
            malformed("worker " + w.name + " REPLY of " + message.bytes() + " bytes above the maximum", null);
            counters.increment(Counter.REPLIES);
            replyClient(job, ERROR, Json.error("the worker's result of " + message.bytes()
                    + " bytes exceeds the broker's maximum message size"), EMPTY);
        } else {
            counters.increment(Counter.REPLIES);
            replyClient(job, f(5), message.frame(6), message.frame(7));
        }
        feed(w);
    }

    /** Removes a dead or departed worker; re-dispatches its in-flight requests once, else WORKER_LOST. */
    private void removeWorker(RegisteredWorker w, String why) {
        List<Job> jobs = registry.remove(w);
        counters.increment(Counter.WORKERS_REMOVED);
        LOG.info("worker {} removed ({}); {} request(s) were in flight on it; {} live worker(s)", w.name, why,
                jobs.size(), registry.size());
        long now = System.currentTimeMillis();
        for (Job job : jobs) {
            if (stopping) {
                shuttingDown(job);
            } else if (!job.redispatched && job.deadline > now) {
                job.redispatched = true;
                counters.increment(Counter.REDISPATCHED);
                RegisteredWorker other = registry.leastBusy(job.modelName);
                if (other != null) {
                    dispatch(other, job);
                } else {
                    queue.add(job); // already accepted: may exceed the queue bound
                }
            } else {
                counters.increment(Counter.WORKER_LOST);
                replyClient(job, WORKER_LOST, WORKER_LOST_META, EMPTY);
            }
        }
        published = snapshot();
    }

    private void housekeeping(long nowMs) {
        long now = System.nanoTime();
        lastHousekeepingNanos = now;
        long liveness = TimeUnit.MILLISECONDS.toNanos(settings.heartbeatLivenessMs());
        List<RegisteredWorker> silent = registry.silentFor(now, liveness);
        if (silent != null) {
            for (RegisteredWorker w : silent) {
                counters.increment(Counter.WORKERS_TIMED_OUT);
                removeWorker(w, "silent for more than " + settings.heartbeatLivenessMs() + " ms");
            }
        }
        if (now - nextHeartbeatNanos >= 0) {
            for (RegisteredWorker w : registry.all()) {
                backend.send(w.identity, EMPTY, WORKER_BYTES, HEARTBEAT);
            }
            nextHeartbeatNanos = now + TimeUnit.MILLISECONDS.toNanos(settings.heartbeatIntervalMs());
        }
        published = snapshot();
    }

    // ---- stats ---------------------------------------------------------------------------------------

    private BrokerStats snapshot() {
        List<BrokerStats.WorkerInfo> list = new ArrayList<>(registry.size());
        int total = 0;
        for (RegisteredWorker w : registry.all()) {
            list.add(new BrokerStats.WorkerInfo(w.name, w.models, w.slots, w.busy(), w.idleSinceMs));
            total += w.slots;
        }
        return new BrokerStats(Collections.unmodifiableList(list), queue.size(),
                Collections.unmodifiableMap(queue.sizePerModel()), registry.busySlots(), total,
                Collections.unmodifiableMap(registry.countPerModel()), counters.asMap());
    }

    private static BrokerStats emptyStats() {
        return new BrokerStats(List.of(), 0, Map.of(), 0, 0, Map.of(), Map.of());
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private void malformed(String reason, Throwable error) {
        counters.incrementMalformed(fromClient);
        long now = System.nanoTime();
        if (lastWarnNanos == 0 || now - lastWarnNanos >= WARN_EVERY_NANOS) {
            if (suppressedWarnings > 0) {
                LOG.warn("malformed input: {} (and {} more since the last warning)", reason, suppressedWarnings);
            } else {
                LOG.warn("malformed input: {}", reason);
            }
            if (error != null) {
                LOG.debug("malformed input", error);
            }
            lastWarnNanos = now;
            suppressedWarnings = 0;
        } else {
            suppressedWarnings++;
            if (LOG.isDebugEnabled()) {
                LOG.debug("malformed input: {}", reason, error);
            }
        }
    }

    private static int parseSlots(byte[] f) {
        if (f.length < 1 || f.length > 4) {
            return -1;
        }
        int v = 0;
        for (byte b : f) {
            if (b < '0' || b > '9') {
                return -1;
            }
            v = v * 10 + (b - '0');
        }
        return v <= MAX_SLOTS ? v : -1;
    }

    private static List<String> parseModels(byte[] f) {
        if (f.length == 0) {
            return null;
        }
        String[] parts = new String(f, StandardCharsets.UTF_8).split(",", -1);
        List<String> models = new ArrayList<>(parts.length);
        for (String p : parts) {
            String m = p.trim();
            int bytes = m.getBytes(StandardCharsets.UTF_8).length;
            if (bytes < 1 || bytes > MAX_MODEL_BYTES) {
                return null;
            }
            if (!models.contains(m)) {
                models.add(m);
            }
        }
        return Collections.unmodifiableList(models);
    }

    static long readLong(byte[] b) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    static byte[] writeLong(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    private static String printable(byte[] f) {
        int len = Math.min(f.length, 32);
        StringBuilder sb = new StringBuilder(len + 8).append('\'');
        for (int i = 0; i < len; i++) {
            int c = f[i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        if (f.length > len) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
