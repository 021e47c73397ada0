package dev.river.proxy.zmtp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;

import dev.river.proxy.FrameBodies;

/**
 * One accepted peer of a {@link ZmtpRouterSocket}: the greeting exchange, the NULL-mechanism handshake (our READY
 * with Socket-Type ROUTER; the peer's READY with its Socket-Type and optional Identity), then data frames put
 * together into messages and ZMTP commands (PING answered PONG, ERROR closes, others ignored). Reads go through a
 * direct buffer, large bodies straight into their own array; writes go through its {@link ZmtpOutbound}.
 */
final class ZmtpConnection implements ZmtpFrameDecoder.Sink {

    /** Where the connection is in its life. */
    enum Phase {
        GREETING, HANDSHAKE, READY, CLOSED
    }

    /** Per-connection read buffer: one buffered read plus what a partial greeting leaves in it. */
    private static final int READ_BUFFER = 32 * 1024;
    /** Most bytes one read through the buffer takes (hundreds of small messages). */
    private static final int BUFFERED_READ = 16 * 1024;
    /** A body with at least this much still to come is read straight into its array. */
    private static final int DIRECT_READ_MIN = 16 * 1024;
    /** Reads per readiness event before giving the other connections their turn. */
    private static final int READS_PER_EVENT = 16;
    private static final Set<String> PEER_TYPES = Set.of("DEALER", "REQ", "ROUTER");

    private final ZmtpRouterSocket router;
    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER);
    private final ZmtpFrameDecoder decoder;
    private final ZmtpOutbound out;
    private final long handshakeDeadlineNanos;
    private final String peer;
    private SelectionKey key;
    private Phase phase = Phase.GREETING;
    private byte[] routingId;
    private final ArrayList<Object> parts = new ArrayList<>(12);
    private boolean peerSentError;
    private long bytesReceived;
    private boolean greetingSent;
    /** In the transport's list of connections with output to write. */
    boolean dirty;

    ZmtpConnection(ZmtpRouterSocket router, SocketChannel channel, long frameLimit, long outboundLimit,
            long handshakeDeadlineNanos, ZmtpBodyPool pool, ZmtpChunkPool chunks) {
        this.router = router;
        this.channel = channel;
        this.decoder = new ZmtpFrameDecoder(frameLimit, frameLimit, pool);
        this.out = new ZmtpOutbound(outboundLimit, chunks);
        this.handshakeDeadlineNanos = handshakeDeadlineNanos;
        String p;
        try {
            p = String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            p = "?";
        }
        this.peer = p;
        out.offerRaw(ZmtpGreeting.signature());
    }

    void register(SelectionKey k) {
        this.key = k;
    }

    /** Bytes read from the peer so far. */
    long bytesReceived() {
        return bytesReceived;
    }

    ZmtpRouterSocket router() {
        return router;
    }

    SocketChannel channel() {
        return channel;
    }

    Phase phase() {
        return phase;
    }

    byte[] routingId() {
        return routingId;
    }

    String peer() {
        return peer;
    }

    long handshakeDeadlineNanos() {
        return handshakeDeadlineNanos;
    }

    ZmtpOutbound outbound() {
        return out;
    }

    /** Reads what the peer sent; false when the connection closed cleanly (EOF between messages, ERROR). */
    boolean onReadable() throws IOException, ZmtpProtocolException {
        for (int i = 0; i < READS_PER_EVENT; i++) {
            ByteBuffer direct = phase == Phase.READY ? decoder.directTarget(DIRECT_READ_MIN) : null;
            int n;
            if (direct != null) {
                n = channel.read(direct);
                if (n > 0) {
                    bytesReceived += n;
                    decoder.filled(direct, this);
                    if (direct.hasRemaining()) {
                        // the rest of the body is still on its way: let it pile up while the loop does other work
                        // rather than reading it in the small pieces the sender's writes arrive in
                        return true;
                    }
                }
            } else {
                // small reads through the buffer: a large body's bytes copied from it would be copied twice
                in.limit(Math.min(in.capacity(), in.position() + BUFFERED_READ));
                n = channel.read(in);
                in.limit(in.capacity());
                if (n > 0) {
                    bytesReceived += n;
                    in.flip();
                    try {
                        process();
                    } finally {
                        in.compact();
                    }
                }
            }
            if (peerSentError) {
                return false;
            }
            if (n < 0) {
                if (phase == Phase.READY && decoder.inMessage()) {
                    throw new ZmtpProtocolException("connection closed in the middle of a message");
                }
                return false;
            }
            if (n == 0) {
                return true;
            }
        }
        return true;
    }

    private void process() throws ZmtpProtocolException {
        if (phase == Phase.GREETING) {
            ZmtpGreeting.check(in.slice(), in.remaining());
            if (!greetingSent && in.remaining() >= ZmtpGreeting.SIGNATURE) {
                greetingSent = true;
                out.offerRaw(ZmtpGreeting.rest());
                router.wantsWrite(this);
            }
            if (in.remaining() < ZmtpGreeting.SIZE) {
                return;
            }
            in.position(in.position() + ZmtpGreeting.SIZE);
            phase = Phase.HANDSHAKE;
            out.offerRaw(ZmtpCommand.ready("ROUTER"));
            router.wantsWrite(this);
        }
        decoder.decode(in, this);
    }

    @Override
    public void command(byte[] body) throws ZmtpProtocolException {
        String name = ZmtpCommand.name(body);
        if (phase == Phase.HANDSHAKE) {
            if (ZmtpCommand.ERROR.equals(name)) {
                peerSentError = true;
                return;
            }
            if (!ZmtpCommand.READY.equals(name)) {
                throw new ZmtpProtocolException("command " + name + " instead of READY in the NULL handshake");
            }
            onReady(ZmtpCommand.properties(body));
            return;
        }
        switch (name) {
            case ZmtpCommand.PING -> {
                out.offerRaw(ZmtpCommand.pong(body));
                router.wantsWrite(this);
            }
            case ZmtpCommand.ERROR -> peerSentError = true;
            default -> {
                // PONG, SUBSCRIBE and anything newer: nothing for a ROUTER to do
            }
        }
    }

    private void onReady(Map<String, byte[]> properties) throws ZmtpProtocolException {
        byte[] type = null;
        byte[] identity = null;
        for (Map.Entry<String, byte[]> e : properties.entrySet()) {
            if ("Socket-Type".equalsIgnoreCase(e.getKey())) {
                type = e.getValue();
            } else if ("Identity".equalsIgnoreCase(e.getKey())) {
                identity = e.getValue();
            }
        }
        String socketType = type == null ? null : new String(type, StandardCharsets.US_ASCII);
        if (socketType == null || !PEER_TYPES.contains(socketType)) {
            throw new ZmtpProtocolException("peer socket type " + socketType + " cannot talk to a ROUTER");
        }
        if (identity != null && identity.length > 255) {
            throw new ZmtpProtocolException("Identity of " + identity.length + " bytes (at most 255)");
        }
        phase = Phase.READY;
        routingId = router.attach(this, identity != null && identity.length > 0 ? identity : null);
    }

    @Override
    public void frame(Object body, int length, boolean more) throws ZmtpProtocolException {
        if (phase != Phase.READY) {
            FrameBodies.release(body);
            throw new ZmtpProtocolException("message frame before the handshake finished");
        }
        parts.add(body);
        if (!more) {
            router.deliver(routingId, parts);
            parts.clear();
        }
    }

    /** Writes queued output; true when all of it is written. */
    boolean flush() throws IOException {
        boolean done = out.writeTo(channel);
        if (key != null && key.isValid()) {
            int ops = key.interestOps();
            int want = done ? ops & ~SelectionKey.OP_WRITE : ops | SelectionKey.OP_WRITE;
            if (want != ops) {
                key.interestOps(want);
            }
        }
        return done;
    }

    /** Closes the channel and forgets queued output; idempotent. */
    void close() {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        out.clear();
        for (Object p : parts) {
            FrameBodies.release(p);
        }
        parts.clear();
        decoder.discard();
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
