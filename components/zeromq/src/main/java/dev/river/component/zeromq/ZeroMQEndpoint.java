package dev.river.component.zeromq;

import org.apache.camel.AsyncEndpoint;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Send and receive ZeroMQ messages with JeroMQ: raw sockets (PUSH/PULL, PUB/SUB, REQ/REP, DEALER/ROUTER, PAIR) or
 * the RIVER/1 inference protocol as asynchronous client, broker-less server or worker.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "zeromq", title = "ZeroMQ", syntax = "zeromq:address",
             category = { Category.MESSAGING }, headersClass = ZeroMQConstants.class)
@ManagedResource(description = "ZeroMQ endpoint")
public class ZeroMQEndpoint extends DefaultEndpoint implements AsyncEndpoint {

    @UriPath(description = "The ZeroMQ address: tcp://host:port, ipc://path or inproc://name")
    @Metadata(required = true)
    private final String address;

    @UriParam
    private final ZeroMQConfiguration configuration;

    private final ZeroMQCounters counters = new ZeroMQCounters();
    private RiverClientConnection clientConnection;

    public ZeroMQEndpoint(String uri, String address, ZeroMQComponent component, ZeroMQConfiguration configuration) {
        super(uri, component);
        this.address = address;
        this.configuration = configuration;
    }

    @Override
    public ZeroMQComponent getComponent() {
        return (ZeroMQComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() throws Exception {
        if (configuration.getProtocol() == ZeroMQProtocol.worker) {
            throw new IllegalArgumentException("protocol=worker is consumer-only: use protocol=client to send requests");
        }
        return new ZeroMQProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        ZeroMQConsumer consumer = new ZeroMQConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /**
     * The RIVER/1 client connection of this endpoint (protocol=client), started on first use and shared by all its
     * producers: one DEALER socket, one I/O thread, many requests in flight.
     */
    public synchronized RiverClientConnection getClientConnection() {
        if (configuration.getProtocol() != ZeroMQProtocol.client) {
            throw new IllegalStateException("Only protocol=client endpoints have a RIVER/1 client connection");
        }
        if (clientConnection == null) {
            RiverClientConnection c = new RiverClientConnection(this);
            c.start();
            clientConnection = c;
        }
        return clientConnection;
    }

    /** RIVER/1 PING: true when the broker (or client consumer) at this address answers within the timeout. */
    public boolean ping(long timeoutMillis) {
        return getClientConnection().ping(timeoutMillis);
    }

    /** RIVER/1 STATS: the broker's JSON, or null when it does not answer within the timeout. */
    public String stats(long timeoutMillis) {
        return getClientConnection().stats(timeoutMillis);
    }

    @Override
    protected void doStop() throws Exception {
        RiverClientConnection c;
        synchronized (this) {
            c = clientConnection;
            clientConnection = null;
        }
        if (c != null) {
            c.stop(5000);
        }
        super.doStop();
    }

    /** The worker name to announce: the workerName option or worker-&lt;pid&gt;. */
    String resolveWorkerName() {
        String name = configuration.getWorkerName();
        return name != null && !name.isBlank() ? name : "worker-" + ProcessHandle.current().pid();
    }

    public String getAddress() {
        return address;
    }

    public ZeroMQConfiguration getConfiguration() {
        return configuration;
    }

    /** All counters of this endpoint, e.g. to publish as metrics. */
    public ZeroMQCounters getCounters() {
        return counters;
    }

    /** Messages written to the socket. */
    @ManagedAttribute(description = "Messages written to the socket")
    public long getMessagesSent() {
        return counters.getSent();
    }

    /** Messages read from the socket. */
    @ManagedAttribute(description = "Messages read from the socket")
    public long getMessagesReceived() {
        return counters.getReceived();
    }

    /** Messages dropped or answered BAD_REQUEST because they broke the protocol. */
    @ManagedAttribute(description = "Messages dropped or answered BAD_REQUEST because they broke the protocol")
    public long getMalformedMessages() {
        return counters.getMalformed();
    }

    /** Client requests that timed out. */
    @ManagedAttribute(description = "Client requests that timed out")
    public long getTimeouts() {
        return counters.getTimeouts();
    }

    /** Requests that ended with a non-OK status or an exception. */
    @ManagedAttribute(description = "Requests that ended with a non-OK status or an exception")
    public long getErrors() {
        return counters.getErrors();
    }

    /** Requests answered EXPIRED without being routed. */
    @ManagedAttribute(description = "Requests answered EXPIRED without being routed")
    public long getExpired() {
        return counters.getExpired();
    }

    /** Requests refused locally (queue or backlog full, unknown model, shutting down). */
    @ManagedAttribute(description = "Requests refused locally (queue or backlog full, unknown model, shutting down)")
    public long getRejected() {
        return counters.getRejected();
    }

    /** Client replies that came after their request had timed out. */
    @ManagedAttribute(description = "Client replies that came after their request had timed out")
    public long getLateReplies() {
        return counters.getLateReplies();
    }

    /** Worker reconnects. */
    @ManagedAttribute(description = "Worker reconnects")
    public long getReconnects() {
        return counters.getReconnects();
    }

    /** Requests currently in flight. */
    @ManagedAttribute(description = "Requests currently in flight")
    public int getInFlight() {
        return counters.getInFlight();
    }
}
