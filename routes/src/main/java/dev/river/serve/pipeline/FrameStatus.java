package dev.river.serve.pipeline;

/** The fate of one frame's inference, as sent to the viewer and counted per session. */
public enum FrameStatus {
    /** The result existed before the frame was released to the viewer. */
    ontime,
    /** The result came (or the request expired) after the frame was released. */
    late,
    /** Inference was shed under load (too many requests in flight for the session). */
    skipped,
    /** The inference plane failed for this frame (no worker, worker error, broker unreachable). */
    error
}
