package dev.river.ops.hawtio;

/**
 * A console setting that cannot be used; the message is one line naming the property, printed instead of a stack
 * trace.
 */
public final class InvalidSettingException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String message) {
        super(message);
    }
}
