package dev.river.component.zeromq;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * Options of a zeromq: endpoint, kept apart from the endpoint so the component can hold shared defaults and copy
 * them into each endpoint.
 */
@UriParams
public class ZeroMQConfiguration implements Cloneable {

    /** Default of maxMessageSize: 16 MiB + 64 KiB. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 16L * 1024 * 1024 + 64 * 1024;

    /** Socket type for protocol=raw (ignored by client and worker, which use DEALER, or ROUTER for the client consumer). */
    @UriParam(label = "common", defaultValue = "DEALER")
    private ZeroMQSocketType socketType = ZeroMQSocketType.DEALER;

    /** Bind the address instead of connecting to it (the RIVER/1 client consumer always binds). */
    @UriParam(label = "common", defaultValue = "false")
    private boolean bind = false;

    /** What to speak: raw frames, or the RIVER/1 client or worker side (see docs/protocol.md). */
    @UriParam(label = "common", defaultValue = "raw", enums = "raw,client,worker")
    private ZeroMQProtocol protocol = ZeroMQProtocol.raw;

    /** Send high-water mark: messages queued per peer before sends block or fail. */
    @UriParam(label = "advanced", defaultValue = "1000")
    private int sendHwm = 1000;

    /** Receive high-water mark: messages queued per peer before ZeroMQ stops reading. */
    @UriParam(label = "advanced", defaultValue = "1000")
    private int receiveHwm = 1000;

    /** Milliseconds unsent messages are kept after the socket closes (-1 = until sent). */
    @UriParam(label = "advanced", defaultValue = "0")
    private int linger = 0;

    /** Receive timeout in ms of raw producer replies (-1 = use requestTimeout). */
    @UriParam(label = "advanced", defaultValue = "-1")
    private int receiveTimeout = -1;

    /** Send timeout in ms of raw blocking sends (-1 = block until sent). */
    @UriParam(label = "advanced", defaultValue = "-1")
    private int sendTimeout = -1;

    /**
     * Largest frame in bytes accepted from a peer: ZeroMQ disconnects a peer that sends a larger frame before it is
     * buffered (memory protection). RIVER/1 workers and the client consumer also answer a REQUEST whose frames add up
     * to more than this with BAD_REQUEST. The default, 16 MiB + 64 KiB, fits the broker's default
     * river.proxy.max-message-size of 16 MiB plus the other frames; -1 = no limit.
     */
    @UriParam(label = "security", defaultValue = "16842752")
    private long maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;

    /**
     * ZMTP handshake timeout in ms (0 = none). Kept short because JeroMQ 0.6.0 occasionally stalls a new connection's
     * handshake; the connection is then dropped and retried after this time instead of after 30 s.
     */
    @UriParam(label = "advanced", defaultValue = "1000")
    private int handshakeInterval = 1000;

    /** Routing identity of this socket as seen by a ROUTER peer (default: chosen by ZeroMQ). */
    @UriParam(label = "advanced")
    private String identity;

    /** Comma-separated topic prefixes a SUB socket subscribes to (empty = everything). */
    @UriParam(label = "consumer")
    private String topics;

    /** Act as CURVE server (needs curveSecretKey). */
    @UriParam(label = "security", defaultValue = "false")
    private boolean curveServer = false;

    /**
     * This socket's CURVE public key: Z85 (40 characters) or a key file (ZeroMQ certificate, e.g. NAME.pub from
     * {@code ./river keys}). Optional: derived from curveSecretKey when not set.
     */
    @UriParam(label = "security", secret = true)
    private String curvePublicKey;

    /** This socket's CURVE secret key: Z85 (40 characters) or a secret key file (e.g. NAME.key from ./river keys). */
    @UriParam(label = "security", secret = true)
    private String curveSecretKey;

    /**
     * The server's CURVE public key (Z85 or a key file); setting it makes this socket a CURVE client, which then needs
     * curveSecretKey too. Empty = no CURVE.
     */
    @UriParam(label = "security", secret = true)
    private String curveServerKey;

    /** Milliseconds a request/reply producer waits for its reply before ExchangeTimedOutException. */
    @UriParam(label = "producer", defaultValue = "30000")
    private long requestTimeout = 30000;

    /** Default RIVER/1 model name of client requests (header CamelZeroMQModel overrides it). */
    @UriParam(label = "producer")
    private String model;

    /** Default deadline of client requests in ms from sending (0 = none; header CamelZeroMQDeadline overrides it). */
    @UriParam(label = "producer", defaultValue = "0")
    private long relativeDeadline = 0;

    /** Milliseconds after a request's deadline the client waits for the broker's EXPIRED before timing out itself. */
    @UriParam(label = "producer,advanced", defaultValue = "500")
    private long deadlineGrace = 500;

    /** Set a ZeroMQStatusException on the exchange when a reply's status is not OK (headers are set either way). */
    @UriParam(label = "producer", defaultValue = "true")
    private boolean throwOnErrorStatus = true;

    /** Threads that complete client exchanges when replies arrive (the I/O thread never runs routes). */
    @UriParam(label = "producer,advanced", defaultValue = "2")
    private int callbackThreads = 2;

    /** Worker name sent in READY and added to reply metadata (default: worker-PID). */
    @UriParam(label = "consumer")
    private String workerName;

    /** Comma-separated models this worker serves (default: the model option); other models are answered UNKNOWN_MODEL. */
    @UriParam(label = "consumer")
    private String models;

    /** How many requests the worker (or client consumer) routes at once. */
    @UriParam(label = "consumer", defaultValue = "1")
    private int slots = 1;

    /** Requests held locally when all slots are busy; beyond it they are answered OVERLOADED. */
    @UriParam(label = "consumer,advanced", defaultValue = "1000")
    private int backlog = 1000;

    /** Milliseconds between worker HEARTBEATs. */
    @UriParam(label = "consumer", defaultValue = "1000")
    private long heartbeatInterval = 1000;

    /** Milliseconds of broker silence after which the worker reconnects. */
    @UriParam(label = "consumer", defaultValue = "3000")
    private long heartbeatLiveness = 3000;

    /** Milliseconds the worker waits between closing a dead connection and opening a new one. */
    @UriParam(label = "consumer", defaultValue = "1000")
    private long reconnectInterval = 1000;

    /** Milliseconds a stopping worker waits for requests in flight before DISCONNECT. */
    @UriParam(label = "consumer,advanced", defaultValue = "5000")
    private long shutdownTimeout = 5000;

    /** A copy whose changes do not affect this configuration. */
    public ZeroMQConfiguration copy() {
        try {
            return (ZeroMQConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public ZeroMQSocketType getSocketType() {
        return socketType;
    }

    public void setSocketType(ZeroMQSocketType socketType) {
        this.socketType = socketType;
    }

    public boolean isBind() {
        return bind;
    }

    public void setBind(boolean bind) {
        this.bind = bind;
    }

    public ZeroMQProtocol getProtocol() {
        return protocol;
    }

    public void setProtocol(ZeroMQProtocol protocol) {
        this.protocol = protocol;
    }

    public int getSendHwm() {
        return sendHwm;
    }

    public void setSendHwm(int sendHwm) {
        this.sendHwm = sendHwm;
    }

    public int getReceiveHwm() {
        return receiveHwm;
    }

    public void setReceiveHwm(int receiveHwm) {
        this.receiveHwm = receiveHwm;
    }

    public int getLinger() {
        return linger;
    }

    public void setLinger(int linger) {
        this.linger = linger;
    }

    public int getReceiveTimeout() {
        return receiveTimeout;
    }

    public void setReceiveTimeout(int receiveTimeout) {
        this.receiveTimeout = receiveTimeout;
    }

    public int getSendTimeout() {
        return sendTimeout;
    }

    public void setSendTimeout(int sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    public long getMaxMessageSize() {
        return maxMessageSize;
    }

    public void setMaxMessageSize(long maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public int getHandshakeInterval() {
        return handshakeInterval;
    }

    public void setHandshakeInterval(int handshakeInterval) {
        this.handshakeInterval = handshakeInterval;
    }

    public String getIdentity() {
        return identity;
    }

    public void setIdentity(String identity) {
        this.identity = identity;
    }

    public String getTopics() {
        return topics;
    }

    public void setTopics(String topics) {
        this.topics = topics;
    }

    public boolean isCurveServer() {
        return curveServer;
    }

    public void setCurveServer(boolean curveServer) {
        this.curveServer = curveServer;
    }

    public String getCurvePublicKey() {
        return curvePublicKey;
    }

    public void setCurvePublicKey(String curvePublicKey) {
        this.curvePublicKey = curvePublicKey;
    }

    public String getCurveSecretKey() {
        return curveSecretKey;
    }

    public void setCurveSecretKey(String curveSecretKey) {
        this.curveSecretKey = curveSecretKey;
    }

    public String getCurveServerKey() {
        return curveServerKey;
    }

    public void setCurveServerKey(String curveServerKey) {
        this.curveServerKey = curveServerKey;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public long getRelativeDeadline() {
        return relativeDeadline;
    }

    public void setRelativeDeadline(long relativeDeadline) {
        this.relativeDeadline = relativeDeadline;
    }

    public long getDeadlineGrace() {
        return deadlineGrace;
    }

    public void setDeadlineGrace(long deadlineGrace) {
        this.deadlineGrace = deadlineGrace;
    }

    public boolean isThrowOnErrorStatus() {
        return throwOnErrorStatus;
    }

    public void setThrowOnErrorStatus(boolean throwOnErrorStatus) {
        this.throwOnErrorStatus = throwOnErrorStatus;
    }

    public int getCallbackThreads() {
        return callbackThreads;
    }

    public void setCallbackThreads(int callbackThreads) {
        this.callbackThreads = callbackThreads;
    }

    public String getWorkerName() {
        return workerName;
    }

    public void setWorkerName(String workerName) {
        this.workerName = workerName;
    }

    public String getModels() {
        return models;
    }

    public void setModels(String models) {
        this.models = models;
    }

    public int getSlots() {
        return slots;
    }

    public void setSlots(int slots) {
        this.slots = slots;
    }

    public int getBacklog() {
        return backlog;
    }

    public void setBacklog(int backlog) {
        this.backlog = backlog;
    }

    public long getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(long heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    public long getHeartbeatLiveness() {
        return heartbeatLiveness;
    }

    public void setHeartbeatLiveness(long heartbeatLiveness) {
        this.heartbeatLiveness = heartbeatLiveness;
    }

    public long getReconnectInterval() {
        return reconnectInterval;
    }

    public void setReconnectInterval(long reconnectInterval) {
        this.reconnectInterval = reconnectInterval;
    }

    public long getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(long shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }
}
