package dev.river.serve.pipeline;

/**
 * The fate of one frame's inference as counted for operators (metric {@code river_inference_results_total}): like
 * {@link FrameStatus}, but a request that could no longer be answered in time (the broker's or worker's EXPIRED, or
 * no reply before the deadline) is told apart from a result that arrived after its frame was released. The viewer
 * sees both as {@code late}.
 */
public enum InferenceOutcome {
    /** The result existed before the frame was released. */
    ontime,
    /** The result arrived after the frame was released. */
    late,
    /** Inference was shed under load. */
    skipped,
    /** No result: the deadline (arrival + N) passed before it could be made or delivered. */
    expired,
    /** The inference plane failed for this frame. */
    error
}
