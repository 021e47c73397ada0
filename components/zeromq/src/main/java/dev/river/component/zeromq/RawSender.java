package dev.river.component.zeromq;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeTimedOutException;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Producer side of protocol=raw: sends the body as one frame or a multipart message and, for InOut on a socket that
 * can answer (REQ, DEALER, PAIR, ROUTER), waits for the reply. Calls are serialised on the socket, which ZeroMQ does
 * not allow to be used by two threads at once.
 */
final class RawSender {

    private final ZeroMQEndpoint endpoint;
    private final ZeroMQConfiguration cfg;
    private final ZeroMQCounters counters;
    private final ZeroMQSocketType type;
    private final int replyTimeout;
    private ZMQ.Socket socket;

    RawSender(ZeroMQEndpoint endpoint) {
        this.endpoint = endpoint;
        this.cfg = endpoint.getConfiguration();
        this.counters = endpoint.getCounters();
        this.type = cfg.getSocketType();
        if (!type.canSend()) {
            throw new IllegalArgumentException("A " + type + " socket cannot be used by a producer");
        }
        this.replyTimeout = cfg.getReceiveTimeout() >= 0
                ? cfg.getReceiveTimeout() : (int) Math.min(Integer.MAX_VALUE, cfg.getRequestTimeout());
    }

    synchronized void open() {
        ZContext context = endpoint.getComponent().getZContext();
        socket = ZeroMQSockets.open(context, type.toSocketType(), cfg, endpoint.getAddress(), cfg.isBind());
        socket.setSendTimeOut(cfg.getSendTimeout());
        socket.setReceiveTimeOut(replyTimeout);
    }

    synchronized void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    synchronized void send(Exchange exchange) throws Exception {
        if (socket == null) {
            throw new CamelExchangeException("ZeroMQ producer is stopped", exchange);
        }
        List<byte[]> frames = ZeroMQPayloads.toFrames(exchange, exchange.getMessage().getBody());
        if (type == ZeroMQSocketType.ROUTER) {
            frames = withIdentity(exchange, frames);
        }
        for (int i = 0; i < frames.size(); i++) {
            boolean more = i < frames.size() - 1;
            if (!socket.send(frames.get(i), more ? ZMQ.SNDMORE : 0)) {
                throw new CamelExchangeException("ZeroMQ send failed or timed out (sendTimeout=" + cfg.getSendTimeout()
                                                 + ")", exchange);
            }
        }
        counters.sent.increment();
        if (exchange.getPattern().isOutCapable() && expectsReply()) {
            receiveReply(exchange);
        }
        // an InOnly REQ does not read its reply: the socket is relaxed and correlating, so it is discarded
    }

    private boolean expectsReply() {
        return type == ZeroMQSocketType.REQ || type == ZeroMQSocketType.DEALER || type == ZeroMQSocketType.PAIR
               || type == ZeroMQSocketType.ROUTER;
    }

    private void receiveReply(Exchange exchange) throws ExchangeTimedOutException {
        byte[] first = socket.recv(0);
        if (first == null) {
            counters.timeouts.increment();
            throw new ExchangeTimedOutException(exchange, replyTimeout);
        }
        List<byte[]> reply = new ArrayList<>(2);
        reply.add(first);
        while (socket.hasReceiveMore()) {
            reply.add(socket.recv(0));
        }
        counters.received.increment();
        if (type == ZeroMQSocketType.ROUTER && reply.size() > 1) {
            exchange.getMessage().setHeader(ZeroMQConstants.IDENTITY, reply.remove(0));
        }
        exchange.getMessage().setBody(ZeroMQPayloads.toBody(reply));
    }

    private static List<byte[]> withIdentity(Exchange exchange, List<byte[]> frames) throws CamelExchangeException {
        Object identity = exchange.getMessage().getHeader(ZeroMQConstants.IDENTITY);
        byte[] id = identity instanceof byte[] b ? b
                : identity != null ? identity.toString().getBytes(StandardCharsets.UTF_8) : null;
        if (id == null) {
            throw new CamelExchangeException("A ROUTER producer needs the header " + ZeroMQConstants.IDENTITY, exchange);
        }
        List<byte[]> all = new ArrayList<>(frames.size() + 1);
        all.add(id);
        all.addAll(frames);
        return all;
    }
}
