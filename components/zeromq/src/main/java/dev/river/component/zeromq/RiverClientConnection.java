package dev.river.component.zeromq;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.river.component.zeromq.protocol.RiverFrames;
import dev.river.component.zeromq.protocol.RiverProtocol;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The RIVER/1 client side of one endpoint: a DEALER socket on which many requests are in flight at once, correlated
 * by an 8-byte request id. Producer threads hand requests over a lock-free queue; the I/O thread writes them, reads
 * REPLY/PONG/STATS, sweeps timeouts and hands completions to a callback pool, so no caller ever blocks on the
 * network and no route ever runs on the I/O thread. ZeroMQ reconnects the socket by itself when the broker restarts;
 * requests lost with the old broker time out.
 */
public final class RiverClientConnection extends IoLoop {

    private static final Logger LOG = LoggerFactory.getLogger(RiverClientConnection.class);
    private static final long MAX_POLL_MILLIS = 1000;

    private final ConcurrentLinkedQueue<Object> outbox = new ConcurrentLinkedQueue<>();
    private final HashMap<Long, ClientRequest> pending = new HashMap<>();
    private final ArrayDeque<CompletableFuture<Boolean>> pings = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<String>> stats = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();
    private final byte[][] frames = new byte[RiverProtocol.CLIENT_REPLY_FRAMES][];
    private final boolean throwOnError;
    /** The model option as a frame, shared by every request that does not name another model. */
    private final byte[] defaultModel;

    private volatile boolean closed;
    private ExecutorService callbacks;
    private ZMQ.Socket socket;
    private ZMQ.Poller poller;
    private int socketIndex;
    private int wakeIndex;
    private long nextSweep = Long.MAX_VALUE;

    RiverClientConnection(ZeroMQEndpoint endpoint) {
        super(endpoint, "ZeroMQClient[" + endpoint.getAddress() + "]");
        this.throwOnError = cfg.isThrowOnErrorStatus();
        this.defaultModel = cfg.getModel() == null || cfg.getModel().isEmpty()
                ? null : RiverFrames.utf8(cfg.getModel());
    }

    /** A control message (PING or STATS) waiting for the I/O thread. */
    private record Control(byte[] command, CompletableFuture<?> future) {
    }

    @Override
    protected void open() {
        callbacks = endpoint.getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "ZeroMQClientCallback", Math.max(1, cfg.getCallbackThreads()));
        socket = ZeroMQSockets.open(context, SocketType.DEALER, cfg, endpoint.getAddress(), cfg.isBind());
        poller = context.createPoller(2);
        wakeIndex = poller.register(wakeup.socket(), ZMQ.Poller.POLLIN);
        socketIndex = poller.register(socket, ZMQ.Poller.POLLIN);
    }

    // ---- any thread -------------------------------------------------------------------------------------------

    /**
     * Sends the exchange as a REQUEST; the callback is called (on a callback thread) when the REPLY arrives, the
     * request times out, or the connection stops. Never blocks.
     */
    void submit(Exchange exchange, AsyncCallback callback) throws Exception {
        ClientRequest request = ClientRequest.of(ids.incrementAndGet(), exchange, callback, cfg, defaultModel);
        enqueue(request);
    }

    /** Sends PING; the future completes true on PONG (or is left to the caller's timeout). */
    public CompletableFuture<Boolean> pingAsync() {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        enqueue(new Control(RiverFrames.PING, f));
        return f;
    }

    /** Sends STATS; the future completes with the broker's JSON. */
    public CompletableFuture<String> statsAsync() {
        CompletableFuture<String> f = new CompletableFuture<>();
        enqueue(new Control(RiverFrames.STATS, f));
        return f;
    }

    /** True when the peer (broker or server) answered PING within {@code timeoutMillis}. */
    public boolean ping(long timeoutMillis) {
        CompletableFuture<Boolean> f = pingAsync();
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            f.cancel(false);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(false);
            return false;
        }
    }

    /** The peer's STATS JSON, or null when it did not answer within {@code timeoutMillis}. */
    public String stats(long timeoutMillis) {
        CompletableFuture<String> f = statsAsync();
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            f.cancel(false);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(false);
            return null;
        }
    }

    private void enqueue(Object work) {
        if (closed) {
            reject(work);
            return;
        }
        outbox.offer(work);
        wakeup.wake();
        if (closed && outbox.remove(work)) {
            // the I/O thread exited between the check and the offer
            reject(work);
        }
    }

    private void reject(Object work) {
        if (work instanceof ClientRequest r) {
            r.completeWithError(new CamelExchangeException("RIVER/1 client connection is stopped", r.exchange));
        } else if (work instanceof Control c) {
            c.future().cancel(false);
        }
    }

    // ---- I/O thread --------------------------------------------------------------------------------------------

    @Override
    protected void iterate() {
        long now = System.currentTimeMillis();
        long timeout = Math.min(MAX_POLL_MILLIS, Math.max(0, nextSweep - now));
        poller.poll(timeout);
        if (poller.pollin(wakeIndex)) {
            wakeup.clear();
        }
        now = System.currentTimeMillis();
        sendQueued(now);
        if (poller.pollin(socketIndex)) {
            readReplies();
        }
        now = System.currentTimeMillis();
        if (now >= nextSweep) {
            sweep(now);
        }
    }

    private void sendQueued(long now) {
        Object work;
        while ((work = outbox.poll()) != null) {
            if (work instanceof ClientRequest r) {
                sendRequest(r, now);
            } else if (work instanceof Control c) {
                sendControl(c);
            }
        }
    }

    private void sendRequest(ClientRequest r, long now) {
        boolean sent = socket.send(RiverProtocol.EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT)
                       && socket.send(RiverProtocol.CLIENT_BYTES, ZMQ.SNDMORE)
                       && socket.send(RiverFrames.REQUEST, ZMQ.SNDMORE)
                       && socket.send(r.idFrame, ZMQ.SNDMORE)
                       && socket.send(r.model, ZMQ.SNDMORE)
                       && socket.send(r.deadlineFrame, ZMQ.SNDMORE)
                       && socket.send(r.metadata, ZMQ.SNDMORE)
                       && socket.send(r.payload, 0);
        if (!sent) {
            counters.rejected.increment();
            callbacks.execute(() -> r.completeWithError(new CamelExchangeException(
                    "RIVER/1 request not sent: send queue full (sendHwm) or socket closed", r.exchange)));
            return;
        }
        counters.sent.increment();
        long expiresAt = now + cfg.getRequestTimeout();
        if (r.deadline > 0) {
            // a request already past its deadline still waits the grace for the broker's EXPIRED
            expiresAt = Math.min(expiresAt, Math.max(r.deadline, now) + cfg.getDeadlineGrace());
        }
        r.expiresAt = expiresAt;
        pending.put(r.id, r);
        counters.inFlight.incrementAndGet();
        if (expiresAt < nextSweep) {
            nextSweep = expiresAt;
        }
    }

    private void sendControl(Control c) {
        if (c.future().isDone()) {
            return;
        }
        boolean sent = socket.send(RiverProtocol.EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT)
                       && socket.send(RiverProtocol.CLIENT_BYTES, ZMQ.SNDMORE)
                       && socket.send(c.command(), 0);
        if (!sent) {
            c.future().cancel(false);
            return;
        }
        if (c.command() == RiverFrames.PING) {
            @SuppressWarnings("unchecked")
            CompletableFuture<Boolean> f = (CompletableFuture<Boolean>) c.future();
            pings.add(f);
        } else {
            @SuppressWarnings("unchecked")
            CompletableFuture<String> f = (CompletableFuture<String>) c.future();
            stats.add(f);
        }
        // make sure abandoned futures get pruned
        nextSweep = Math.min(nextSweep, System.currentTimeMillis() + MAX_POLL_MILLIS);
    }

    private void readReplies() {
        int n;
        while ((n = RiverFrames.receive(socket, frames, ZMQ.DONTWAIT)) > 0) {
            counters.received.increment();
            try {
                handle(n);
            } finally {
                Arrays.fill(frames, null);
            }
        }
    }

    private void handle(int n) {
        if (n < 3 || n > frames.length || frames[0].length != 0 || !RiverFrames.is(frames[1], RiverProtocol.CLIENT_BYTES)) {
            counters.malformed.increment();
            return;
        }
        byte[] command = frames[2];
        if (n == RiverProtocol.CLIENT_REPLY_FRAMES && RiverFrames.is(command, RiverFrames.REPLY)) {
            if (frames[3].length != RiverProtocol.JOB_ID_BYTES) {
                counters.malformed.increment(); // not an id this client ever sent
                return;
            }
            ClientRequest r = pending.remove(RiverFrames.decodeId(frames[3]));
            if (r == null) {
                counters.lateReplies.increment();
                return;
            }
            counters.inFlight.decrementAndGet();
            byte[] status = frames[4];
            byte[] metadata = frames[5];
            byte[] payload = frames[6];
            callbacks.execute(() -> r.completeWithReply(status, metadata, payload, throwOnError, counters));
        } else if (n == 3 && RiverFrames.is(command, RiverFrames.PONG)) {
            CompletableFuture<Boolean> f;
            while ((f = pings.poll()) != null) {
                f.complete(Boolean.TRUE);
            }
        } else if (n == 4 && RiverFrames.is(command, RiverFrames.STATS)) {
            String json = RiverFrames.utf8(frames[3]);
            CompletableFuture<String> f;
            while ((f = stats.poll()) != null) {
                if (f.complete(json)) {
                    break;
                }
            }
        } else if (n == 3 && RiverFrames.is(command, RiverFrames.PING)) {
            socket.send(RiverProtocol.EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT);
            socket.send(RiverProtocol.CLIENT_BYTES, ZMQ.SNDMORE);
            socket.send(RiverFrames.PONG, 0);
        } else {
            counters.malformed.increment();
        }
    }

    private void sweep(long now) {
        long next = Long.MAX_VALUE;
        List<ClientRequest> expired = null;
        for (Iterator<ClientRequest> it = pending.values().iterator(); it.hasNext();) {
            ClientRequest r = it.next();
            if (r.expiresAt <= now) {
                it.remove();
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(r);
            } else if (r.expiresAt < next) {
                next = r.expiresAt;
            }
        }
        if (expired != null) {
            for (ClientRequest r : expired) {
                counters.inFlight.decrementAndGet();
                counters.timeouts.increment();
                long waited = cfg.getRequestTimeout();
                callbacks.execute(() -> r.completeWithTimeout(waited));
            }
        }
        pings.removeIf(CompletableFuture::isDone);
        stats.removeIf(CompletableFuture::isDone);
        if (!pings.isEmpty() || !stats.isEmpty()) {
            next = Math.min(next, now + MAX_POLL_MILLIS);
        }
        nextSweep = next;
    }

    @Override
    protected void close() {
        closed = true;
        try {
            poller.close();
            socket.close();
        } finally {
            Object work;
            while ((work = outbox.poll()) != null) {
                reject(work);
            }
            for (ClientRequest r : pending.values()) {
                counters.inFlight.decrementAndGet();
                callbacks.execute(() -> r.completeWithError(
                        new CamelExchangeException("RIVER/1 client connection stopped before the reply", r.exchange)));
            }
            pending.clear();
            pings.forEach(f -> f.complete(Boolean.FALSE));
            stats.forEach(f -> f.complete(null));
            endpoint.getCamelContext().getExecutorServiceManager().shutdownGraceful(callbacks, 2000);
            LOG.debug("RIVER/1 client connection to {} closed", endpoint.getAddress());
        }
    }
}
