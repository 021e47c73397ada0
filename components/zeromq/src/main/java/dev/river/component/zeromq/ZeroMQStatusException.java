package dev.river.component.zeromq;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;

/**
 * Raised on an exchange when a RIVER/1 reply carries a status other than OK, so that routes can use onException
 * and error handlers instead of testing a header.
 */
public class ZeroMQStatusException extends CamelExchangeException {

    private static final long serialVersionUID = 1L;

    private final String status;
    private final String reason;

    public ZeroMQStatusException(String status, String reason, Exchange exchange) {
        super("RIVER/1 status " + status + (reason == null ? "" : ": " + reason), exchange);
        this.status = status;
        this.reason = reason;
    }

    /** The RIVER/1 status, e.g. EXPIRED or ERROR. */
    public String getStatus() {
        return status;
    }

    /** The "error" field of the reply metadata, or null. */
    public String getReason() {
        return reason;
    }
}
