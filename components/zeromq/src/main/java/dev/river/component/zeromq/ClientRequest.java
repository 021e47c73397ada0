package dev.river.component.zeromq;

import java.nio.charset.StandardCharsets;

import dev.river.component.zeromq.protocol.RiverFrames;
import dev.river.component.zeromq.protocol.RiverJson;
import dev.river.component.zeromq.protocol.RiverProtocol;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RIVER/1 REQUEST in flight from a client producer: its frames, prepared on the calling thread so the I/O thread
 * only writes them, and the exchange and callback to complete when the REPLY (or the timeout) comes.
 */
final class ClientRequest {

    private static final Logger LOG = LoggerFactory.getLogger(ClientRequest.class);

    final long id;
    final byte[] idFrame;
    final byte[] model;
    final long deadline;
    final byte[] deadlineFrame;
    final byte[] metadata;
    final byte[] payload;
    final Exchange exchange;
    final AsyncCallback callback;
    /** Epoch ms after which the request is failed with a timeout; set by the I/O thread when it is sent. */
    long expiresAt;

    private ClientRequest(long id, byte[] model, long deadline, byte[] metadata, byte[] payload, Exchange exchange,
                          AsyncCallback callback) {
        this.id = id;
        this.idFrame = RiverFrames.encodeId(id);
        this.model = model;
        this.deadline = deadline;
        this.deadlineFrame = RiverProtocol.encodeDeadline(deadline);
        this.metadata = metadata;
        this.payload = payload;
        this.exchange = exchange;
        this.callback = callback;
    }

    /** Reads model, deadline, metadata and payload from the exchange (headers first, then the endpoint options). */
    static ClientRequest of(long id, Exchange exchange, AsyncCallback callback, ZeroMQConfiguration cfg,
                            byte[] defaultModel)
            throws Exception {
        Message in = exchange.getMessage();
        String model = in.getHeader(ZeroMQConstants.MODEL, String.class);
        byte[] modelFrame;
        if (model == null || model.isEmpty() || model.equals(cfg.getModel())) {
            if (defaultModel == null) {
                throw new IllegalArgumentException(
                        "No RIVER/1 model: set the endpoint option model or the header " + ZeroMQConstants.MODEL);
            }
            modelFrame = defaultModel;
        } else {
            modelFrame = RiverFrames.utf8(model);
        }
        if (modelFrame.length > RiverProtocol.MAX_MODEL_BYTES) {
            throw new IllegalArgumentException("RIVER/1 model name longer than 128 bytes: " + model);
        }
        Long header = in.getHeader(ZeroMQConstants.DEADLINE, Long.class);
        long deadline = header != null
                ? header
                : cfg.getRelativeDeadline() > 0 ? System.currentTimeMillis() + cfg.getRelativeDeadline() : 0;
        String metadata = in.getHeader(ZeroMQConstants.METADATA, String.class);
        byte[] metadataFrame = metadata == null ? RiverProtocol.EMPTY : RiverFrames.utf8(metadata);
        byte[] payload = ZeroMQPayloads.toBytes(exchange, in.getBody());
        return new ClientRequest(id, modelFrame, deadline, metadataFrame, payload, exchange, callback);
    }

    /** Fills the exchange from a REPLY and continues routing. Runs on a callback thread, never the I/O thread. */
    void completeWithReply(byte[] statusFrame, byte[] metadataFrame, byte[] payloadFrame, boolean throwOnError,
                           ZeroMQCounters counters) {
        try {
            Message out = exchange.getMessage();
            String status = new String(statusFrame, StandardCharsets.US_ASCII);
            String metadata = metadataFrame.length == 0 ? "{}" : RiverFrames.utf8(metadataFrame);
            out.setBody(payloadFrame);
            out.setHeader(ZeroMQConstants.STATUS, status);
            out.setHeader(ZeroMQConstants.METADATA, metadata);
            out.setHeader(ZeroMQConstants.REQUEST_ID, RiverFrames.hex(idFrame));
            if (!RiverProtocol.STATUS_OK.equals(status)) {
                counters.errors.increment();
                if (throwOnError) {
                    exchange.setException(
                            new ZeroMQStatusException(status, RiverJson.stringField(metadata, "error"), exchange));
                }
            }
        } catch (RuntimeException e) {
            exchange.setException(e);
        }
        done();
    }

    /** Fails the exchange with a timeout and continues routing. */
    void completeWithTimeout(long waitedMillis) {
        exchange.setException(new ExchangeTimedOutException(exchange, waitedMillis,
                deadline > 0 ? "no RIVER/1 reply before the deadline" : "no RIVER/1 reply within requestTimeout"));
        done();
    }

    /** Fails the exchange with the given cause and continues routing. */
    void completeWithError(Exception cause) {
        exchange.setException(cause);
        done();
    }

    private void done() {
        try {
            callback.done(false);
        } catch (RuntimeException e) {
            LOG.warn("Error continuing exchange {} after RIVER/1 reply: {}", exchange.getExchangeId(), e.toString(), e);
        }
    }
}
