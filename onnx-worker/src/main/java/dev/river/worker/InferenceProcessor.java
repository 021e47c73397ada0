package dev.river.worker;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Runs the model's ONNX Runtime session on the job's slot. */
public final class InferenceProcessor implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        InferenceJob job = RequestReader.job(exchange);
        long t0 = System.nanoTime();
        job.result = job.model.model().run(job.slot);
        job.inferenceNanos = System.nanoTime() - t0;
    }
}
