package dev.river.proxy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The broker's ZAP handler (ZeroMQ RFC 27): decides which CURVE peers may complete their handshake on the broker's
 * sockets. It is a REP socket on {@code inproc://zeromq.zap.01} in the broker's ZeroMQ context, read by the broker's
 * own thread (no extra thread, no lock): a peer whose public key is not on the allowlist of the socket's ZAP domain
 * is refused (status 400), counted and logged with its key; it never gets a message through.
 */
final class ZapAuthenticator {

    /** ZAP domain of the backend (workers). */
    static final String WORKERS = "river-workers";
    /** ZAP domain of the frontend (clients). */
    static final String CLIENTS = "river-clients";

    private static final Logger LOG = LoggerFactory.getLogger(ZapAuthenticator.class);
    private static final String ENDPOINT = "inproc://zeromq.zap.01";
    private static final byte[] VERSION = "1.0".getBytes(StandardCharsets.US_ASCII);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_LOGGED_KEYS = 1000;

    /** Told about every refused peer (broker thread). */
    interface Refusals {
        void refused(String domain, String publicKey, String address);
    }

    private final Set<String> workers;
    private final Set<String> clients;
    private final Refusals refusals;
    private final Map<String, Long> lastLogged = new HashMap<>();
    private final ZMQ.Socket socket;

    /**
     * Binds the handler in {@code context}; must happen before the CURVE sockets bind.
     *
     * @param workers public keys (Z85) admitted on the worker domain
     * @param clients public keys admitted on the client domain; null = any client key
     */
    ZapAuthenticator(ZContext context, Set<String> workers, Set<String> clients, Refusals refusals) {
        this.workers = workers;
        this.clients = clients;
        this.refusals = refusals;
        this.socket = context.createSocket(SocketType.REP);
        socket.setLinger(0);
        socket.bind(ENDPOINT);
    }

    ZMQ.Socket socket() {
        return socket;
    }

    /** Answers every waiting ZAP request. Broker thread only. */
    void answerWaiting() {
        byte[] first;
        while ((first = socket.recv(ZMQ.DONTWAIT)) != null) {
            byte[][] f = new byte[8][];
            f[0] = first;
            int n = 1;
            while (socket.hasReceiveMore()) {
                byte[] next = socket.recv(0);
                if (n < f.length) {
                    f[n] = next;
                }
                n++;
            }
            answer(f, n);
        }
    }

    private void answer(byte[][] f, int n) {
        byte[] requestId = n > 1 ? f[1] : new byte[0];
        if (n < 6) {
            reply(requestId, "400", "malformed ZAP request");
            return;
        }
        String domain = text(f[2]);
        String address = text(f[3]);
        String mechanism = text(f[5]);
        if ("NULL".equals(mechanism)) {
            // a plain socket of the broker (CURVE is off on that side): nothing to check
            reply(requestId, "200", "OK");
            return;
        }
        if (!"CURVE".equals(mechanism) || n != 7 || f[6].length != ZMQ.Curve.KEY_SIZE) {
            reply(requestId, "400", "only CURVE is accepted");
            refused(domain, "(" + mechanism + ")", address);
            return;
        }
        String key = ZMQ.Curve.z85Encode(f[6]);
        Set<String> allowed = WORKERS.equals(domain) ? workers : CLIENTS.equals(domain) ? clients : Set.of();
        if (allowed == null || allowed.contains(key)) {
            reply(requestId, "200", "OK");
        } else {
            reply(requestId, "400", "public key not authorized");
            refused(domain, key, address);
        }
    }

    private void refused(String domain, String key, String address) {
        refusals.refused(domain, key, address);
        long now = System.nanoTime();
        Long last = lastLogged.get(key);
        if (last == null || now - last >= LOG_EVERY_NANOS) {
            if (lastLogged.size() >= MAX_LOGGED_KEYS) {
                lastLogged.clear();
            }
            lastLogged.put(key, now);
            LOG.warn("refused {} connection from {}: public key {} is not authorized ({} allowlist)",
                    WORKERS.equals(domain) ? "worker" : "client", address, key,
                    WORKERS.equals(domain) ? CurveSettings.AUTHORIZED_WORKERS : CurveSettings.AUTHORIZED_CLIENTS);
        }
    }

    private void reply(byte[] requestId, String code, String text) {
        socket.sendMore(VERSION);
        socket.sendMore(requestId);
        socket.sendMore(code);
        socket.sendMore(text);
        socket.sendMore("");
        socket.send("");
    }

    private static String text(byte[] b) {
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }

    void close() {
        socket.close();
    }
}
