package dev.river.worker;

import java.io.IOException;
import java.io.StringWriter;

import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the failure caught by the route into an error reply: status from a {@link WorkerRequestException}
 * (BAD_REQUEST, UNKNOWN_MODEL, EXPIRED) or ERROR for anything else, metadata {@code {"error":..,"worker":..}},
 * empty body. The failure is counted and the worker goes on serving.
 */
public final class ErrorReplyProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReplyProcessor.class);
    private static final byte[] EMPTY = new byte[0];

    private final WorkerRuntime runtime;

    public ErrorReplyProcessor(WorkerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        String status;
        String message;
        if (failure instanceof WorkerRequestException wre) {
            status = wre.getStatus();
            message = wre.getMessage();
            LOG.debug("Request refused ({}): {}", status, message);
        } else {
            status = WorkerHeaders.STATUS_ERROR;
            message = failure == null ? "unknown failure" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
            LOG.warn("Request failed: {}", message, failure);
        }
        InferenceJob job = exchange.getProperty(InferenceJob.PROPERTY, InferenceJob.class);
        if (job != null) {
            job.releaseResources();
        }
        StringWriter meta = new StringWriter(128);
        try (JsonGenerator json = runtime.mapper().getFactory().createGenerator(meta)) {
            json.writeStartObject();
            json.writeStringField("error", message);
            json.writeStringField("worker", runtime.settings().workerName());
            json.writeEndObject();
        }
        Message out = exchange.getMessage();
        out.setBody(EMPTY);
        out.setHeader(WorkerHeaders.STATUS, status);
        out.setHeader(WorkerHeaders.METADATA, meta.toString());
        runtime.stats().failed(status);
    }
}
