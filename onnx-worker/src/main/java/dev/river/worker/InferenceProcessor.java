package dev.river.worker;

import dev.river.worker.model.OnnxModel;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The inference step: takes a free slot, fills its input tensor from the payload (rgb24 or an encoded image,
 * recording the letterbox), runs the model's ONNX Runtime session on it, decodes the output with the model's
 * decoder, and gives the slot and the ONNX result back whatever happens. One step rather than three: a
 * slot is never held across route steps, and a frame pays Camel's per-step cost once.
 */
public final class InferenceProcessor implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        InferenceJob job = RequestReader.job(exchange);
        OnnxModel model = job.model.model();
        try {
            long t0 = System.nanoTime();
            job.slot = model.acquire();
            job.letterbox = job.model.preprocessor().prepare(job.payload, job.metadata, model, job.slot);
            long t1 = System.nanoTime();
            job.result = model.run(job.slot);
            long t2 = System.nanoTime();
            job.decoded = job.model.decoder().decode(job.result, job.letterbox);
            job.preprocessNanos = t1 - t0;
            job.inferenceNanos = t2 - t1;
            job.postprocessNanos = System.nanoTime() - t2;
        } finally {
            job.releaseResources();
        }
    }
}
