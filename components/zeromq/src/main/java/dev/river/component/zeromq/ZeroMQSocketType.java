package dev.river.component.zeromq;

import org.zeromq.SocketType;

/**
 * The ZeroMQ socket types an endpoint can open; a closed set so that the URI option is validated and documented.
 */
public enum ZeroMQSocketType {
    DEALER,
    ROUTER,
    REQ,
    REP,
    PUSH,
    PULL,
    PUB,
    SUB,
    PAIR;

    /** The JeroMQ socket type of the same name. */
    public SocketType toSocketType() {
        return SocketType.valueOf(name());
    }

    /** Whether a producer can send on this socket type. */
    public boolean canSend() {
        return this != PULL && this != SUB;
    }

    /** Whether a consumer can receive on this socket type. */
    public boolean canReceive() {
        return this != PUSH && this != PUB;
    }
}
