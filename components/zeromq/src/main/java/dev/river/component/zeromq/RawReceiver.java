package dev.river.component.zeromq;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.zeromq.ZMQ;

/**
 * Consumer side of protocol=raw: reads whole multipart messages and routes each as one exchange on the I/O thread
 * (raw sockets keep ZeroMQ's ordering; REP even requires strict receive/reply alternation). A ROUTER puts the peer
 * identity in a header and, for InOut, replies to that peer; a REP always replies; a SUB subscribes to topics.
 */
final class RawReceiver extends IoLoop {

    private static final long MAX_POLL_MILLIS = 1000;

    private final ZeroMQConsumer consumer;
    private final ZeroMQSocketType type;
    private ZMQ.Socket socket;
    private ZMQ.Poller poller;
    private int socketIndex;
    private int wakeIndex;

    RawReceiver(ZeroMQConsumer consumer) {
        super(consumer.getEndpoint(), "ZeroMQConsumer[" + consumer.getEndpoint().getAddress() + "]");
        this.consumer = consumer;
        this.type = cfg.getSocketType();
        if (!type.canReceive()) {
            throw new IllegalArgumentException("A " + type + " socket cannot be used by a consumer");
        }
    }

    @Override
    protected void open() {
        socket = ZeroMQSockets.open(context, type.toSocketType(), cfg, endpoint.getAddress(), cfg.isBind());
        if (type == ZeroMQSocketType.SUB) {
            String topics = cfg.getTopics();
            if (topics == null || topics.isEmpty()) {
                socket.subscribe(new byte[0]);
            } else {
                for (String topic : topics.split(",")) {
                    socket.subscribe(topic.strip());
                }
            }
        }
        poller = context.createPoller(2);
        wakeIndex = poller.register(wakeup.socket(), ZMQ.Poller.POLLIN);
        socketIndex = poller.register(socket, ZMQ.Poller.POLLIN);
    }

    @Override
    protected void iterate() {
        poller.poll(MAX_POLL_MILLIS);
        if (poller.pollin(wakeIndex)) {
            wakeup.clear();
        }
        if (!poller.pollin(socketIndex)) {
            return;
        }
        byte[] first;
        while (running && (first = socket.recv(ZMQ.DONTWAIT)) != null) {
            List<byte[]> frames = new ArrayList<>(4);
            frames.add(first);
            while (socket.hasReceiveMore()) {
                frames.add(socket.recv(0));
            }
            counters.received.increment();
            process(frames);
        }
    }

    private void process(List<byte[]> frames) {
        List<byte[]> envelope = List.of();
        if (type == ZeroMQSocketType.ROUTER) {
            // identity, plus the empty delimiter REQ and REQ-style DEALER peers put in front of the body
            int cut = frames.size() > 2 && frames.get(1).length == 0 ? 2 : 1;
            envelope = new ArrayList<>(frames.subList(0, cut));
            frames = frames.subList(cut, frames.size());
            if (frames.isEmpty()) {
                counters.malformed.increment();
                return;
            }
        }
        Exchange exchange = consumer.createExchange(false);
        try {
            if (type == ZeroMQSocketType.REP) {
                exchange.setPattern(ExchangePattern.InOut);
            }
            exchange.getIn().setBody(ZeroMQPayloads.toBody(frames));
            if (!envelope.isEmpty()) {
                exchange.getIn().setHeader(ZeroMQConstants.IDENTITY, envelope.get(0));
            }
            try {
                consumer.getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                consumer.getExceptionHandler().handleException("Error processing ZeroMQ message", exchange,
                        exchange.getException());
            }
            if (type == ZeroMQSocketType.REP || exchange.getPattern().isOutCapable() && type != ZeroMQSocketType.PULL
                                                && type != ZeroMQSocketType.SUB) {
                reply(exchange, envelope);
            }
        } finally {
            consumer.releaseExchange(exchange, false);
        }
    }

    private void reply(Exchange exchange, List<byte[]> envelope) {
        List<byte[]> body;
        if (exchange.getException() != null) {
            if (type != ZeroMQSocketType.REP) {
                return;
            }
            body = List.of(new byte[0]); // REP must answer to accept the next request
        } else {
            try {
                body = ZeroMQPayloads.toFrames(exchange, exchange.getMessage().getBody());
            } catch (Exception e) {
                consumer.getExceptionHandler().handleException("Reply body cannot be converted to frames", exchange, e);
                body = List.of(new byte[0]);
                if (type != ZeroMQSocketType.REP) {
                    return;
                }
            }
        }
        int flags = type == ZeroMQSocketType.ROUTER ? ZMQ.DONTWAIT : 0;
        boolean ok = true;
        for (byte[] e : envelope) {
            ok &= socket.send(e, flags | ZMQ.SNDMORE);
        }
        for (int i = 0; i < body.size(); i++) {
            ok &= socket.send(body.get(i), flags | (i < body.size() - 1 ? ZMQ.SNDMORE : 0));
        }
        if (ok) {
            counters.sent.increment();
        } else {
            counters.rejected.increment();
        }
    }

    @Override
    protected void close() {
        poller.close();
        socket.close();
    }
}
