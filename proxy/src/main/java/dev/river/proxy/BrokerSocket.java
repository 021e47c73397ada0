package dev.river.proxy;

/**
 * One ROUTER side of the broker (clients or workers) as {@link LeastBusyBroker} sees it, whatever speaks ZMTP
 * underneath: take the next whole multipart message without waiting, or send one to a routing id. Only the broker
 * thread calls it.
 */
public interface BrokerSocket {

    /**
     * Fills {@code into} with the next received message (routing id first) if one is waiting; never blocks.
     *
     * @return false when nothing is waiting
     */
    boolean receive(ReceivedMessage into);

    /**
     * Queues one multipart message: {@code frames[0]} is the routing id of the peer, every other frame is a
     * {@code byte[]} or a frame body taken from a {@link ReceivedMessage} of this transport. A peer that is not
     * connected (or whose outbound queue is full) loses the message, like a ZeroMQ ROUTER.
     */
    void send(Object... frames);
}
