package dev.river.proxy;

/**
 * The sockets under {@link LeastBusyBroker}'s loop: two ROUTERs (clients, workers) and a wait for input on either.
 * Everything is called from the broker thread only. Implementations: {@link JeroMqTransport} (JeroMQ sockets with
 * their own I/O thread; CURVE) and {@link dev.river.proxy.zmtp.ZmtpTransport} (ZMTP spoken on NIO in the broker
 * thread itself).
 */
public interface BrokerTransport {

    /** What the transport reports to the broker (on the broker thread). */
    interface Events {
        /** A peer's bad input (its connection was dropped); counted like a malformed message. */
        void malformed(boolean clientSide, String reason);

        /** A message was not sent because the peer's outbound queue was full (the peer stopped reading). */
        void undelivered(boolean clientSide);

        /** A CURVE peer was refused by the ZAP handler ({@link ZapAuthenticator#WORKERS} or CLIENTS domain). */
        void refused(String domain);
    }

    /** Binds both sides; throws naming the setting whose address could not be bound. */
    void open();

    /** The frontend address actually bound. */
    String frontendEndpoint();

    /** The backend address actually bound. */
    String backendEndpoint();

    BrokerSocket frontend();

    BrokerSocket backend();

    /** Waits up to {@code timeoutMs} for input on either side (less if input is already waiting). */
    void await(long timeoutMs);

    /** Sends what the loop queued since the last call, as far as the peers take it without waiting. */
    void flush();

    /** On {@link #close()}, keep trying to deliver queued messages for up to this many milliseconds. */
    void lingerOnClose(long ms);

    /** Closes every socket; never throws. */
    void close();

    /** Short name for logs ({@code nio} or {@code jeromq}). */
    String name();
}
