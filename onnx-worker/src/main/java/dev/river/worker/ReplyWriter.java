package dev.river.worker;

import java.io.IOException;

import dev.river.worker.decode.JsonOut;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Writes the result document (docs/protocol.md "Results") as the body and sets status OK and the reply
 * metadata ({@code {"worker":..,"model":..,"timings":{..}}}). Both are written by a per-thread reusable
 * {@link JsonOut} (same bytes as Jackson would write), so a reply allocates little more than its body.
 */
public final class ReplyWriter implements Processor {

    private final WorkerRuntime runtime;
    private final ThreadLocal<JsonOut> buffers;

    public ReplyWriter(WorkerRuntime runtime) {
        this.runtime = runtime;
        this.buffers = ThreadLocal.withInitial(() -> new JsonOut(runtime.mapper().getFactory()));
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        InferenceJob job = RequestReader.job(exchange);
        String worker = runtime.settings().workerName();
        String model = job.model.model().name();
        JsonOut json = buffers.get().reset();
        json.startObject();
        json.stringField("model", model);
        json.stringField("worker", worker);
        json.intField("width", job.letterbox.sourceWidth());
        json.intField("height", job.letterbox.sourceHeight());
        job.decoded.writeFields(json);
        writeTimings(json, job);
        json.endObject();
        byte[] body = json.toByteArray(0);
        json.reset();
        json.startObject();
        json.stringField("worker", worker);
        json.stringField("model", model);
        writeTimings(json, job);
        json.endObject();
        Message out = exchange.getMessage();
        out.setBody(body);
        out.setHeader(WorkerHeaders.STATUS, WorkerHeaders.STATUS_OK);
        out.setHeader(WorkerHeaders.METADATA, json.toString(0));
        runtime.stats().succeeded(job.inferenceNanos);
    }

    private static void writeTimings(JsonOut json, InferenceJob job) {
        json.field("timings").startObject();
        json.fixedField("queueMs", job.queueMs, 0);
        json.fixedField("preprocessMs", centis(job.preprocessNanos), 2);
        json.fixedField("inferenceMs", centis(job.inferenceNanos), 2);
        json.fixedField("postprocessMs", centis(job.postprocessNanos), 2);
        json.endObject();
    }

    /** Hundredths of a millisecond, rounded: the reply's timings have 2 decimals. */
    private static long centis(long nanos) {
        return Math.round(nanos / 10_000.0);
    }
}
