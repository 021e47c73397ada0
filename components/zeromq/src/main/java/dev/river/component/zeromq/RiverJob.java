package dev.river.component.zeromq;

import dev.river.component.zeromq.protocol.RiverFrames;
import dev.river.component.zeromq.protocol.RiverJson;
import dev.river.component.zeromq.protocol.RiverProtocol;

/**
 * One RIVER/1 REQUEST received by a worker (or by the broker-less client consumer): what was asked, where the answer
 * goes, and, once the exchange is done, the answer itself.
 */
final class RiverJob {

    /** ROUTER identity of the client (client consumer) or null (worker). */
    final byte[] peer;
    final byte[] id;
    final String model;
    final long deadline;
    final String metadata;
    final byte[] payload;
    /** Which connection the job came on; results for an older connection are discarded. */
    final int generation;

    byte[] status;
    byte[] replyMetadata;
    byte[] replyPayload;

    RiverJob(byte[] peer, byte[] id, String model, long deadline, String metadata, byte[] payload, int generation) {
        this.peer = peer;
        this.id = id;
        this.model = model;
        this.deadline = deadline;
        this.metadata = metadata;
        this.payload = payload;
        this.generation = generation;
    }

    /** Sets a reply without payload and with {"error":reason} metadata. */
    RiverJob fail(String status, String reason, String worker) {
        this.status = RiverFrames.utf8(status);
        this.replyMetadata = RiverFrames.utf8(RiverJson.error(reason, worker));
        this.replyPayload = RiverProtocol.EMPTY;
        return this;
    }
}
