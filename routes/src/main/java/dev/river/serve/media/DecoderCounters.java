package dev.river.serve.media;

import java.util.concurrent.atomic.LongAdder;

/** What happened to every access unit given to {@link H264FrameDecoder}. Safe to read from any thread. */
public final class DecoderCounters {

    final LongAdder framesDecoded = new LongAdder();
    final LongAdder decodeErrors = new LongAdder();
    final LongAdder framesSkipped = new LongAdder();
    final LongAdder framesPending = new LongAdder();
    final LongAdder resolutionChanges = new LongAdder();
    final LongAdder streamsOpened = new LongAdder();
    final LongAdder streamsClosed = new LongAdder();

    /** Pictures decoded and converted. */
    public long framesDecoded() {
        return framesDecoded.sum();
    }

    /** Access units the decoder rejected, and pictures it flagged as corrupt. */
    public long decodeErrors() {
        return decodeErrors.sum();
    }

    /** Access units not decoded because the stream waits for a keyframe after a decode error. */
    public long framesSkipped() {
        return framesSkipped.sum();
    }

    /** Access units that gave no picture yet (decoder delay). */
    public long framesPending() {
        return framesPending.sum();
    }

    /** Times a stream's picture size changed. */
    public long resolutionChanges() {
        return resolutionChanges.sum();
    }

    public long streamsOpened() {
        return streamsOpened.sum();
    }

    public long streamsClosed() {
        return streamsClosed.sum();
    }

    @Override
    public String toString() {
        return "framesDecoded=" + framesDecoded() + " decodeErrors=" + decodeErrors() + " framesSkipped="
               + framesSkipped() + " framesPending=" + framesPending() + " resolutionChanges=" + resolutionChanges()
               + " streamsOpened=" + streamsOpened() + " streamsClosed=" + streamsClosed();
    }
}
