package dev.river.proxy.zmtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.river.proxy.BrokerSocket;
import dev.river.proxy.FrameBodies;
import dev.river.proxy.ReceivedMessage;

/**
 * A ZeroMQ ROUTER spoken natively: one non-blocking listening channel on a tcp:// address, its accepted
 * {@link ZmtpConnection}s by routing id (the peer's Identity, else 0x00 + a 4-byte counter like libzmq; a second
 * peer with the same Identity takes it over and the first is closed, like ZMQ_ROUTER_HANDOVER), the messages
 * received and not yet taken, and sends to a routing id (unknown ids and full peers lose the message, counted).
 * Owned by an {@link ZmtpTransport}, whose thread does everything.
 */
public final class ZmtpRouterSocket implements BrokerSocket {

    /** What a router needs from its transport. */
    interface Owner {
        void wantsWrite(ZmtpConnection c);

        void dropped(ZmtpRouterSocket socket, String reason);
    }

    private final String settingKey;
    private final boolean clientSide;
    private final long frameLimit;
    private final long outboundLimit;
    private final long handshakeTimeoutNanos;
    private final Owner owner;
    private final Map<ByteBuffer, ZmtpConnection> byId = new HashMap<>();
    private final List<ZmtpConnection> connections = new ArrayList<>();
    private final ArrayDeque<Object[]> inbound = new ArrayDeque<>();
    private final ZmtpBodyPool pool;
    private final ZmtpChunkPool chunks;
    private ServerSocketChannel server;
    private SelectionKey acceptKey;
    /** When accepting failed (e.g. out of file descriptors): accept again from this System.nanoTime(). */
    private long acceptPausedUntil;
    private boolean acceptPaused;
    private int nextId = ThreadLocalRandom.current().nextInt();

    ZmtpRouterSocket(String settingKey, boolean clientSide, long frameLimit, long outboundLimit,
            long handshakeTimeoutNanos, ZmtpBodyPool pool, ZmtpChunkPool chunks, Owner owner) {
        this.pool = pool;
        this.chunks = chunks;
        this.settingKey = settingKey;
        this.clientSide = clientSide;
        this.frameLimit = frameLimit;
        this.outboundLimit = outboundLimit;
        this.handshakeTimeoutNanos = handshakeTimeoutNanos;
        this.owner = owner;
    }

    /** The setting that names this side's address (for messages). */
    public String settingKey() {
        return settingKey;
    }

    /** Whether this is the client (frontend) side. */
    public boolean clientSide() {
        return clientSide;
    }

    /**
     * Binds {@code address} (tcp://host:port, host {@code *} for every interface, port {@code *} or 0 for any).
     *
     * @return the address actually bound, as tcp://ip:port
     */
    String bind(Selector selector, String address) {
        try {
            InetSocketAddress at = parse(address);
            server = ServerSocketChannel.open();
            server.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(at, 1024);
            server.configureBlocking(false);
            acceptKey = server.register(selector, SelectionKey.OP_ACCEPT, this);
            InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
            String host = bound.getAddress().getHostAddress();
            if (host.indexOf(':') >= 0) {
                host = "[" + host + "]";
            }
            return "tcp://" + host + ":" + bound.getPort();
        } catch (IOException | RuntimeException e) {
            close();
            throw new IllegalStateException("cannot bind " + settingKey + "=" + address + ": " + e.getMessage());
        }
    }

    private static InetSocketAddress parse(String address) throws IOException {
        if (!address.startsWith("tcp://")) {
            throw new IOException("only tcp:// addresses");
        }
        String rest = address.substring("tcp://".length());
        int colon = rest.lastIndexOf(':');
        String host = rest.substring(0, colon);
        String port = rest.substring(colon + 1);
        int p = "*".equals(port) ? 0 : Integer.parseInt(port);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        // like a JeroMQ socket without IPv6 enabled, * is every IPv4 interface
        return "*".equals(host) ? new InetSocketAddress("0.0.0.0", p)
                : new InetSocketAddress(InetAddress.getByName(host), p);
    }

    /** Accepts every pending connection and sends each our greeting. */
    /**
     * Accepts every pending connection. When accepting fails (out of file descriptors: the pending connection stays
     * in the backlog and the selector would report it again at once), stops accepting for {@code pauseNanos} instead
     * of spinning, and rethrows for the caller to log.
     */
    void accept(Selector selector, long pauseNanos) throws IOException {
        SocketChannel ch;
        try {
            while ((ch = server.accept()) != null) {
                try {
                    ch.configureBlocking(false);
                    ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                    ZmtpConnection c = new ZmtpConnection(this, ch, frameLimit, outboundLimit,
                            System.nanoTime() + handshakeTimeoutNanos, pool, chunks);
                    c.register(ch.register(selector, SelectionKey.OP_READ, c));
                    connections.add(c);
                    owner.wantsWrite(c);
                } catch (IOException e) {
                    ch.close();
                    throw e;
                }
            }
        } catch (IOException e) {
            acceptPaused = true;
            acceptPausedUntil = System.nanoTime() + pauseNanos;
            acceptKey.interestOps(0);
            throw e;
        }
    }

    /** Accepts again once a pause after a failed accept is over. */
    void resumeAccepting(long now) {
        if (acceptPaused && now - acceptPausedUntil >= 0 && acceptKey.isValid()) {
            acceptPaused = false;
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    List<ZmtpConnection> connections() {
        return connections;
    }

    /** The handshake finished: the connection's routing id (its Identity, or a generated one). */
    byte[] attach(ZmtpConnection c, byte[] identity) {
        byte[] id = identity;
        if (id == null) {
            do {
                int n = nextId++;
                id = new byte[] {0, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
            } while (byId.containsKey(ByteBuffer.wrap(id)));
        }
        ZmtpConnection previous = byId.put(ByteBuffer.wrap(id), c);
        if (previous != null && previous != c) {
            detach(previous);
            previous.close();
        }
        return id;
    }

    /** Forgets a closed connection. */
    void detach(ZmtpConnection c) {
        connections.remove(c);
        byte[] id = c.routingId();
        if (id != null) {
            ByteBuffer key = ByteBuffer.wrap(id);
            if (byId.get(key) == c) {
                byId.remove(key);
            }
        }
    }

    /** A complete message from {@code routingId} (its pooled bodies' references move to the inbound queue). */
    void deliver(byte[] routingId, List<Object> frames) {
        Object[] m = new Object[frames.size() + 1];
        m[0] = routingId;
        for (int i = 0; i < frames.size(); i++) {
            m[i + 1] = frames.get(i);
        }
        inbound.addLast(m);
    }

    void wantsWrite(ZmtpConnection c) {
        owner.wantsWrite(c);
    }

    boolean hasInbound() {
        return !inbound.isEmpty();
    }

    @Override
    public boolean receive(ReceivedMessage into) {
        Object[] m = inbound.pollFirst();
        if (m == null) {
            return false;
        }
        into.reset((byte[]) m[0]);
        for (int i = 1; i < m.length; i++) {
            into.add(m[i], FrameBodies.length(m[i]));
        }
        return true;
    }

    @Override
    public void send(Object... frames) {
        ZmtpConnection c = byId.get(ByteBuffer.wrap((byte[]) frames[0]));
        if (c == null || c.phase() != ZmtpConnection.Phase.READY) {
            return; // like a ROUTER without ROUTER_MANDATORY: the peer is gone
        }
        if (!c.outbound().offer(frames, 1)) {
            owner.dropped(this, "outbound queue of " + c.peer() + " full (" + outboundLimit + " bytes)");
            return;
        }
        owner.wantsWrite(c);
    }

    /** Closes the listening channel and every connection. */
    void close() {
        for (ZmtpConnection c : new ArrayList<>(connections)) {
            c.close();
        }
        connections.clear();
        byId.clear();
        for (Object[] m : inbound) {
            for (int i = 1; i < m.length; i++) {
                FrameBodies.release(m[i]);
            }
        }
        inbound.clear();
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
