package dev.river.proxy;

import java.util.Comparator;

/**
 * One client REQUEST held by the broker, from arrival until it is answered: queued, in flight on a worker, or
 * re-dispatched once. Its metadata and payload are the frames as received (a {@code byte[]} or a transport's
 * {@link FrameBody}), retained here and released when the job is answered.
 */
final class Job {

    /** Dispatch order: earliest deadline first, then arrival order. */
    static final Comparator<Job> EARLIEST_DEADLINE_FIRST =
            Comparator.<Job>comparingLong(j -> j.deadline).thenComparingLong(j -> j.seq);

    final byte[] client;
    final byte[] requestId;
    final byte[] model;
    final String modelName;
    /** Absolute deadline, epoch milliseconds. */
    final long deadline;
    final byte[] deadlineFrame;
    /** Forwarded as received: {@code byte[]} or a transport's frame body (see {@link ReceivedMessage}). */
    final Object metadata;
    final Object payload;
    /** Arrival order (ties between equal deadlines). */
    final long seq;
    boolean redispatched;

    Job(byte[] client, byte[] requestId, byte[] model, String modelName, long deadline, byte[] deadlineFrame,
            Object metadata, Object payload, long seq) {
        this.client = client;
        this.requestId = requestId;
        this.model = model;
        this.modelName = modelName;
        this.deadline = deadline;
        this.deadlineFrame = deadlineFrame;
        this.metadata = metadata;
        this.payload = payload;
        this.seq = seq;
        FrameBodies.retain(metadata);
        FrameBodies.retain(payload);
    }

    /** The job is answered: its request frames are no longer needed (see {@link FrameBody}). */
    void release() {
        FrameBodies.release(metadata);
        FrameBodies.release(payload);
    }
}
