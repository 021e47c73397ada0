package dev.river.worker;

/**
 * A request the worker answers with an error status instead of a result (bad payload, unknown model,
 * expired deadline). Carries no stack trace: a flood of bad input must stay cheap.
 */
public final class WorkerRequestException extends RuntimeException {

    private final String status;

    public WorkerRequestException(String status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The RIVER/1 status to reply with, e.g. {@code BAD_REQUEST}. */
    public String getStatus() {
        return status;
    }

    public static WorkerRequestException badRequest(String message) {
        return new WorkerRequestException(WorkerHeaders.STATUS_BAD_REQUEST, message);
    }
}
