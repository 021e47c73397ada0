package dev.river.worker;

import dev.river.main.InvalidSettingException;

/**
 * Invalid worker configuration, also found late (a model file ONNX Runtime cannot load, outputs that do not fit the
 * decoder): river's one {@link InvalidSettingException}, whose message names the property in one line
 * ({@code invalid setting river.worker.decoder: unknown decoder 'ssd' ...}) so the worker can print it and stop.
 */
public final class WorkerConfigException extends InvalidSettingException {

    private static final long serialVersionUID = 1L;

    public WorkerConfigException(String property, String problem) {
        super(property, null, problem);
    }

    public WorkerConfigException(String property, String problem, Throwable cause) {
        super(property, null, problem, cause);
    }
}
