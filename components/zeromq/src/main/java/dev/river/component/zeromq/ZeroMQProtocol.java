package dev.river.component.zeromq;

/**
 * What an endpoint speaks over its socket: plain frames, or one side of the RIVER/1 contract (docs/protocol.md).
 */
public enum ZeroMQProtocol {
    /** Frames in, frames out; the socket type decides the pattern. */
    raw,
    /** RIVER/1 client side: producer = DEALER request/reply, consumer = broker-less ROUTER server. */
    client,
    /** RIVER/1 worker side: consumer = DEALER that says READY, heartbeats and serves REQUESTs. */
    worker
}
