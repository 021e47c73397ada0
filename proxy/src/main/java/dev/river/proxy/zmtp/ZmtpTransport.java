package dev.river.proxy.zmtp;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.river.proxy.BrokerSettings;
import dev.river.proxy.BrokerSocket;
import dev.river.proxy.BrokerTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's sockets without JeroMQ (river.proxy.transport=nio): two {@link ZmtpRouterSocket}s on one
 * {@link Selector} that the broker thread itself waits on, so a message costs no I/O-thread hand-off, no pipe and
 * no mailbox: bytes are read, framed, handled and written by the one thread. NULL mechanism only.
 */
public final class ZmtpTransport implements BrokerTransport, ZmtpRouterSocket.Owner {

    private static final Logger LOG = LoggerFactory.getLogger(ZmtpTransport.class);

    /**
     * A peer must finish the greeting and READY exchange within this time (the JeroMQ transport's handshake
     * interval too).
     */
    static final long HANDSHAKE_TIMEOUT_MS = 1000;
    /** How long a side stops accepting after an accept failed (out of file descriptors), instead of spinning. */
    private static final long ACCEPT_PAUSE_NANOS = 100_000_000L;
    /** Minimum time between two WARN lines about dropped outbound messages. */
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final BrokerSettings settings;
    private final Events events;
    private Selector selector;
    private ZmtpRouterSocket frontend;
    private ZmtpRouterSocket backend;
    private String frontendEndpoint;
    private String backendEndpoint;
    private final ArrayDeque<ZmtpConnection> writable = new ArrayDeque<>();
    private final List<ZmtpConnection> handshaking = new ArrayList<>();
    private long lingerMs;
    private long droppedOutbound;
    private long lastDropWarnNanos;

    public ZmtpTransport(BrokerSettings settings, Events events) {
        this.settings = settings;
        this.events = events;
    }

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public void open() {
        long frameLimit = settings.frameLimit();
        // per peer, the counterpart of the JeroMQ sockets' send high-water marks: beyond it messages are dropped
        long outboundLimit = Math.max(64L << 20, 4L * settings.maxMessageSize());
        long handshake = TimeUnit.MILLISECONDS.toNanos(HANDSHAKE_TIMEOUT_MS);
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a selector: " + e.getMessage(), e);
        }
        ZmtpBodyPool pool = new ZmtpBodyPool();
        ZmtpChunkPool chunks = new ZmtpChunkPool();
        frontend = new ZmtpRouterSocket(BrokerSettings.FRONTEND, true, frameLimit, outboundLimit, handshake, pool,
                chunks, this);
        backend = new ZmtpRouterSocket(BrokerSettings.BACKEND, false, frameLimit, outboundLimit, handshake, pool,
                chunks, this);
        frontendEndpoint = frontend.bind(selector, settings.frontend());
        backendEndpoint = backend.bind(selector, settings.backend());
    }

    @Override
    public String frontendEndpoint() {
        return frontendEndpoint;
    }

    @Override
    public String backendEndpoint() {
        return backendEndpoint;
    }

    @Override
    public BrokerSocket frontend() {
        return frontend;
    }

    @Override
    public BrokerSocket backend() {
        return backend;
    }

    @Override
    public void await(long timeoutMs) {
        try {
            if (frontend.hasInbound() || backend.hasInbound()) {
                selector.selectNow();
            } else {
                selector.select(Math.max(1, timeoutMs));
            }
        } catch (IOException e) {
            throw new IllegalStateException("selector failed: " + e.getMessage(), e);
        }
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey k = it.next();
            it.remove();
            if (!k.isValid()) {
                continue;
            }
            Object a = k.attachment();
            if (a instanceof ZmtpRouterSocket router) {
                accept(router);
            } else {
                ready((ZmtpConnection) a, k);
            }
        }
        long now = System.nanoTime();
        frontend.resumeAccepting(now);
        backend.resumeAccepting(now);
        expireHandshakes();
    }

    private void accept(ZmtpRouterSocket router) {
        try {
            int before = router.connections().size();
            router.accept(selector, ACCEPT_PAUSE_NANOS);
            List<ZmtpConnection> all = router.connections();
            for (int i = before; i < all.size(); i++) {
                handshaking.add(all.get(i));
            }
        } catch (IOException e) {
            LOG.warn("accepting on {} failed ({}); not accepting for {} ms", router.settingKey(), e.getMessage(),
                    ACCEPT_PAUSE_NANOS / 1_000_000);
        }
    }

    private void ready(ZmtpConnection c, SelectionKey k) {
        ZmtpRouterSocket router = routerOf(c);
        try {
            if (k.isReadable() && !c.onReadable()) {
                close(c, router);
                return;
            }
            if (k.isValid() && k.isWritable()) {
                c.flush();
            }
        } catch (ZmtpProtocolException e) {
            fail(c, router, e.getMessage());
        } catch (IOException e) {
            LOG.debug("connection {} on {} failed: {}", c.peer(), router.settingKey(), e.toString());
            close(c, router);
        }
    }

    private ZmtpRouterSocket routerOf(ZmtpConnection c) {
        return c.router() == frontend ? frontend : backend;
    }

    private void fail(ZmtpConnection c, ZmtpRouterSocket router, String reason) {
        events.malformed(router.clientSide(), "connection from " + c.peer() + " on " + router.settingKey()
                + " dropped: " + reason);
        close(c, router);
    }

    private void close(ZmtpConnection c, ZmtpRouterSocket router) {
        c.close();
        router.detach(c);
    }

    private void expireHandshakes() {
        if (handshaking.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (Iterator<ZmtpConnection> it = handshaking.iterator(); it.hasNext();) {
            ZmtpConnection c = it.next();
            ZmtpConnection.Phase p = c.phase();
            if (p == ZmtpConnection.Phase.READY || p == ZmtpConnection.Phase.CLOSED) {
                it.remove();
            } else if (now - c.handshakeDeadlineNanos() > 0) {
                it.remove();
                ZmtpRouterSocket router = routerOf(c);
                if (c.bytesReceived() == 0) {
                    // Silence is not bad input: a port probe, or JeroMQ 0.6.0's occasional stall of a fresh
                    // connection (its peer reconnects at once once this one is closed, as with a JeroMQ ROUTER)
                    LOG.info("connection from {} on {} closed: nothing received within {} ms", c.peer(),
                            router.settingKey(), HANDSHAKE_TIMEOUT_MS);
                    close(c, router);
                } else {
                    fail(c, router, "no ZMTP handshake within " + HANDSHAKE_TIMEOUT_MS + " ms ("
                            + (p == ZmtpConnection.Phase.GREETING ? "greeting incomplete: " + c.bytesReceived()
                                    + " of 64 bytes" : "READY missing") + ")");
                }
            }
        }
    }

    @Override
    public void wantsWrite(ZmtpConnection c) {
        if (!c.dirty) {
            c.dirty = true;
            writable.addLast(c);
        }
    }

    @Override
    public void dropped(ZmtpRouterSocket socket, String reason) {
        droppedOutbound++;
        events.undelivered(socket.clientSide());
        long now = System.nanoTime();
        if (lastDropWarnNanos == 0 || now - lastDropWarnNanos >= WARN_EVERY_NANOS) {
            lastDropWarnNanos = now;
            LOG.warn("message on {} dropped: {} ({} dropped so far)", socket.settingKey(), reason, droppedOutbound);
        }
    }

    /** Messages dropped because a peer's outbound queue was full, since start. */
    public long droppedOutbound() {
        return droppedOutbound;
    }

    @Override
    public void flush() {
        ZmtpConnection c;
        while ((c = writable.pollFirst()) != null) {
            c.dirty = false;
            if (c.phase() == ZmtpConnection.Phase.CLOSED) {
                continue;
            }
            try {
                c.flush();
            } catch (IOException e) {
                LOG.debug("connection {} failed while writing: {}", c.peer(), e.toString());
                close(c, routerOf(c));
            }
        }
    }

    @Override
    public void lingerOnClose(long ms) {
        lingerMs = ms;
    }

    @Override
    public void close() {
        if (selector == null) {
            return;
        }
        try {
            flush();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lingerMs);
            while (lingerMs > 0 && pendingOutput() && System.nanoTime() - end < 0) {
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext();) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (k.isValid() && k.attachment() instanceof ZmtpConnection c && k.isWritable()) {
                        try {
                            c.flush();
                        } catch (IOException e) {
                            close(c, routerOf(c));
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("flushing on close", e);
        } finally {
            if (frontend != null) {
                frontend.close();
            }
            if (backend != null) {
                backend.close();
            }
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debug("closing the selector", e);
            }
            selector = null;
        }
    }

    private boolean pendingOutput() {
        for (ZmtpRouterSocket r : new ZmtpRouterSocket[] {frontend, backend}) {
            for (ZmtpConnection c : r.connections()) {
                if (c.phase() != ZmtpConnection.Phase.CLOSED && !c.outbound().isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }
}
