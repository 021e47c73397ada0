package dev.river.worker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;

import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Writes the result document (docs/protocol.md "Results") as the body and sets status OK and the reply
 * metadata ({@code {"worker":..,"model":..,"timings":{..}}}).
 */
public final class ReplyWriter implements Processor {

    private final WorkerRuntime runtime;

    public ReplyWriter(WorkerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        InferenceJob job = RequestReader.job(exchange);
        String worker = runtime.settings().workerName();
        String model = job.model.model().name();
        ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = runtime.mapper().getFactory().createGenerator(body)) {
            json.writeStartObject();
            json.writeStringField("model", model);
            json.writeStringField("worker", worker);
            json.writeNumberField("width", job.letterbox.sourceWidth());
            json.writeNumberField("height", job.letterbox.sourceHeight());
            job.decoded.writeFields(json);
            writeTimings(json, job);
            json.writeEndObject();
        }
        StringWriter meta = new StringWriter(160);
        try (JsonGenerator json = runtime.mapper().getFactory().createGenerator(meta)) {
            json.writeStartObject();
            json.writeStringField("worker", worker);
            json.writeStringField("model", model);
            writeTimings(json, job);
            json.writeEndObject();
        }
        Message out = exchange.getMessage();
        out.setBody(body.toByteArray());
        out.setHeader(WorkerHeaders.STATUS, WorkerHeaders.STATUS_OK);
        out.setHeader(WorkerHeaders.METADATA, meta.toString());
        runtime.stats().succeeded();
    }

    private static void writeTimings(JsonGenerator json, InferenceJob job) throws IOException {
        json.writeObjectFieldStart("timings");
        json.writeNumberField("queueMs", (double) job.queueMs);
        json.writeNumberField("preprocessMs", millis(job.preprocessNanos));
        json.writeNumberField("inferenceMs", millis(job.inferenceNanos));
        json.writeNumberField("postprocessMs", millis(job.postprocessNanos));
        json.writeEndObject();
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
