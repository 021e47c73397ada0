package dev.river.proxy;

import java.nio.ByteBuffer;

/**
 * A large frame body the NIO transport read once into pooled memory and forwards from there: counted references
 * (the message being handled, a queued {@link LeastBusyBroker} job, every write queue it is in) so that its memory
 * goes back to the pool only when the last holder is done. Broker thread only.
 */
public interface FrameBody {

    /** Bytes in the body. */
    int length();

    /** A new buffer over the body (position 0, limit {@link #length()}), for one reader. */
    ByteBuffer buffer();

    /** One more holder. */
    void retain();

    /** One holder fewer; the last one returns the memory. */
    void release();
}
