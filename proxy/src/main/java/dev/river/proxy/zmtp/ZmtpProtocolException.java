package dev.river.proxy.zmtp;

/**
 * A peer broke ZMTP (bad greeting, unknown mechanism, oversize or malformed frame, failed handshake): its
 * connection is dropped and the broker counts it as malformed input. Never escapes the transport.
 */
public final class ZmtpProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    public ZmtpProtocolException(String message) {
        super(message, null, false, false);
    }
}
