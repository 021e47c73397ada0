package dev.river.worker;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Decodes the model output with the model's decoder, then frees the slot and the ONNX result. */
public final class DecodeProcessor implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        InferenceJob job = RequestReader.job(exchange);
        long t0 = System.nanoTime();
        try {
            job.decoded = job.model.decoder().decode(job.result, job.letterbox);
        } finally {
            job.releaseResources();
        }
        job.postprocessNanos = System.nanoTime() - t0;
    }
}
