package dev.river.worker;

/**
 * Exchange headers shared with the {@code zeromq:} component in worker mode, and the RIVER/1 statuses
 * the worker replies with (docs/protocol.md).
 */
public final class WorkerHeaders {

    /** In: the model the client asked for (String). */
    public static final String MODEL = "CamelZeroMQModel";
    /** In: absolute deadline, Unix epoch milliseconds (Long); 0 or absent = none. */
    public static final String DEADLINE = "CamelZeroMQDeadline";
    /** In: the request metadata JSON; out: the reply metadata JSON (String). */
    public static final String METADATA = "CamelZeroMQMetadata";
    /** In: the broker's job id. */
    public static final String REQUEST_ID = "CamelZeroMQRequestId";
    /** Out: the RIVER/1 status of the reply. */
    public static final String STATUS = "CamelZeroMQStatus";

    public static final String STATUS_OK = "OK";
    public static final String STATUS_ERROR = "ERROR";
    public static final String STATUS_BAD_REQUEST = "BAD_REQUEST";
    public static final String STATUS_UNKNOWN_MODEL = "UNKNOWN_MODEL";
    public static final String STATUS_EXPIRED = "EXPIRED";

    private WorkerHeaders() {
    }
}
