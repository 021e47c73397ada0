package dev.river.worker;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Fills a free slot's input tensor from the payload (rgb24 or an encoded image) and records the letterbox. */
public final class PreprocessProcessor implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        InferenceJob job = RequestReader.job(exchange);
        long t0 = System.nanoTime();
        job.slot = job.model.model().acquire();
        job.letterbox = job.model.preprocessor().prepare(job.payload, job.metadata, job.model.model(), job.slot);
        job.preprocessNanos = System.nanoTime() - t0;
    }
}
