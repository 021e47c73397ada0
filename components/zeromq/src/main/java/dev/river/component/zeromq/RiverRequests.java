package dev.river.component.zeromq;

import dev.river.component.zeromq.protocol.RiverFrames;
import dev.river.component.zeromq.protocol.RiverProtocol;

/**
 * Validation of the REQUEST frames shared by the worker and the client consumer: frame count, model size and
 * deadline size, with a reason suitable for a BAD_REQUEST reply.
 */
final class RiverRequests {

    private RiverRequests() {
    }

    /**
     * Why a REQUEST is malformed, or null when it is fine. {@code modelIndex} is the index of the model frame; the
     * deadline, metadata and payload follow it.
     */
    static String problem(int n, int expectedFrames, byte[][] frames, int modelIndex) {
        if (n != expectedFrames) {
            return "REQUEST must have " + expectedFrames + " frames, got " + n;
        }
        byte[] model = frames[modelIndex];
        if (model.length == 0 || model.length > RiverProtocol.MAX_MODEL_BYTES) {
            return "model must be 1..128 bytes";
        }
        if (frames[modelIndex + 1].length != RiverProtocol.DEADLINE_BYTES) {
            return "deadline must be 8 bytes";
        }
        return null;
    }

    /** Why a REQUEST is too large (its frames add up to more than {@code max} bytes), or null; max &lt;= 0 = no limit. */
    static String tooLarge(int n, byte[][] frames, long max) {
        if (max <= 0) {
            return null;
        }
        long bytes = 0;
        for (int i = 0; i < Math.min(n, frames.length); i++) {
            bytes += frames[i].length;
        }
        return bytes > max ? "message of " + bytes + " bytes exceeds maxMessageSize=" + max : null;
    }

    /** The metadata header value of a request: an empty frame means {}. */
    static String metadata(byte[] frame) {
        return frame.length == 0 ? "{}" : RiverFrames.utf8(frame);
    }
}
