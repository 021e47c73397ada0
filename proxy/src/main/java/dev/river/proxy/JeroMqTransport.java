package dev.river.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import static dev.river.component.zeromq.protocol.RiverProtocol.MAX_SLOTS;

/**
 * The broker's sockets as JeroMQ ROUTERs in a ZContext of their own (one JeroMQ I/O thread), with CURVE and a
 * {@link ZapAuthenticator} when {@link CurveSettings} are on: {@code river.proxy.transport=jeromq}, and the
 * transport of a broker with CURVE configured (the NIO transport speaks only the NULL mechanism).
 */
public final class JeroMqTransport implements BrokerTransport {

    private static final Logger LOG = LoggerFactory.getLogger(JeroMqTransport.class);

    private final BrokerSettings settings;
    private final CurveSettings curve;
    private final Events events;
    private ZContext zmq;
    private ZMQ.Socket frontendSocket;
    private ZMQ.Socket backendSocket;
    private ZMQ.Poller poller;
    private ZapAuthenticator zap;
    private Side frontend;
    private Side backend;
    private String frontendEndpoint;
    private String backendEndpoint;
    private int signalled;
    private long received;
    private long receivedAtAwait;

    public JeroMqTransport(BrokerSettings settings, CurveSettings curve, Events events) {
        this.settings = settings;
        this.curve = curve;
        this.events = events;
    }

    @Override
    public String name() {
        return "jeromq";
    }

    @Override
    public void open() {
        zmq = new ZContext(1);
        if (curve.enabled()) {
            // the ZAP handler must exist before a CURVE socket accepts its first peer
            zap = new ZapAuthenticator(zmq, curve.authorizedWorkers(), curve.authorizedClients(),
                    (domain, key, address) -> events.refused(domain));
        }
        frontendSocket = zmq.createSocket(SocketType.ROUTER);
        backendSocket = zmq.createSocket(SocketType.ROUTER);
        if (curve.enabled()) {
            secure(backendSocket, ZapAuthenticator.WORKERS);
            if (curve.frontend()) {
                secure(frontendSocket, ZapAuthenticator.CLIENTS);
            }
        }
        // A peer sending one frame far above the limit is disconnected by ZeroMQ before it is buffered;
        // anything up to this is read and answered BAD_REQUEST (docs/protocol.md, Malformed input).
        long frameLimit = settings.frameLimit();
        for (ZMQ.Socket s : new ZMQ.Socket[] {frontendSocket, backendSocket}) {
            s.setLinger(0);
            s.setMaxMsgSize(frameLimit);
            s.setRouterHandover(true);
            // JeroMQ 0.6.0 occasionally stalls a fresh connection's ZMTP handshake; drop such a connection after
            // 1 s (the peer reconnects) instead of the default 30 s
            s.setHandshakeIvl(1000);
        }
        frontendSocket.setSndHWM(Math.max(1000, settings.queueSize() * 2));
        frontendSocket.setRcvHWM(Math.max(1000, settings.queueSize()));
        backendSocket.setSndHWM(Math.max(1000, 2 * MAX_SLOTS));
        backendSocket.setRcvHWM(Math.max(1000, 2 * MAX_SLOTS));
        frontendEndpoint = bind(frontendSocket, BrokerSettings.FRONTEND, settings.frontend());
        backendEndpoint = bind(backendSocket, BrokerSettings.BACKEND, settings.backend());
        frontend = new Side(frontendSocket);
        backend = new Side(backendSocket);
        poller = zmq.createPoller(3);
        poller.register(frontendSocket, ZMQ.Poller.POLLIN);
        poller.register(backendSocket, ZMQ.Poller.POLLIN);
        if (zap != null) {
            poller.register(zap.socket(), ZMQ.Poller.POLLIN);
        }
    }

    private void secure(ZMQ.Socket s, String zapDomain) {
        s.setZapDomain(zapDomain);
        s.setCurveServer(true);
        s.setCurveSecretKey(ZMQ.Curve.z85Decode(curve.secretKey()));
    }

    private static String bind(ZMQ.Socket s, String key, String address) {
        boolean ok;
        String reason = "bind failed";
        try {
            ok = s.bind(address);
        } catch (ZMQException e) {
            ok = false;
            ZMQ.Error error = ZMQ.Error.findByCode(e.getErrorCode());
            reason = error != null ? error.getMessage() : String.valueOf(e.getMessage());
        } catch (RuntimeException e) {
            ok = false;
            reason = String.valueOf(e.getMessage());
        }
        if (!ok) {
            throw new IllegalStateException("cannot bind " + key + "=" + address + ": " + reason);
        }
        String last = s.getLastEndpoint();
        return last != null ? last : address;
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
        signalled = poller.poll(Math.max(1, timeoutMs));
        receivedAtAwait = received;
        if (zap != null) {
            zap.answerWaiting();
        }
    }

    @Override
    public void flush() {
        if (signalled > 0 && received == receivedAtAwait) {
            // JeroMQ signals a socket (pipe write) before the command is counted: a woken loop can find
            // nothing yet. Give the signalling I/O thread the CPU instead of polling again at once.
            Thread.yield();
        }
        signalled = 0;
    }

    @Override
    public void lingerOnClose(long ms) {
        if (zmq != null) {
            zmq.setLinger((int) ms);
        }
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.close();
            poller = null;
        }
        if (zmq != null) {
            try {
                zmq.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the broker context", e);
            }
            zmq = null;
        }
    }

    /** One JeroMQ ROUTER. */
    private final class Side implements BrokerSocket {
        private final ZMQ.Socket socket;

        Side(ZMQ.Socket socket) {
            this.socket = socket;
        }

        @Override
        public boolean receive(ReceivedMessage into) {
            byte[] first = socket.recv(ZMQ.DONTWAIT);
            if (first == null) {
                return false;
            }
            into.reset(first);
            while (socket.hasReceiveMore()) {
                byte[] f = socket.recv(0);
                if (f == null) {
                    break;
                }
                into.add(f, f.length);
            }
            received++;
            return true;
        }

        @Override
        public void send(Object... frames) {
            int last = frames.length - 1;
            for (int i = 0; i < last; i++) {
                socket.sendMore(FrameBodies.toBytes(frames[i]));
            }
            socket.send(FrameBodies.toBytes(frames[last]));
        }
    }
}
