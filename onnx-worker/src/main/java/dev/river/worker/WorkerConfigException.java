package dev.river.worker;

/**
 * Invalid worker configuration. The message always starts with the name of the offending property so
 * that the worker can print it as one clear line and stop.
 */
public final class WorkerConfigException extends RuntimeException {

    private final String property;

    public WorkerConfigException(String property, String problem) {
        super(property + ": " + problem);
        this.property = property;
    }

    public WorkerConfigException(String property, String problem, Throwable cause) {
        super(property + ": " + problem, cause);
        this.property = property;
    }

    /** The configuration property that is wrong, e.g. {@code river.worker.model}. */
    public String getProperty() {
        return property;
    }
}
