package dev.river.proxy;

/**
 * A river-proxy setting has a value the broker cannot use. The message names the setting, the value and
 * what is expected, in one line, so that it can be shown to an operator as is.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    public InvalidSettingException(String setting, String value, String expected) {
        super("invalid setting " + setting + "=" + (value == null ? "" : "'" + value + "'") + ": " + expected);
        this.setting = setting;
    }

    /** The property key of the setting, e.g. {@code river.proxy.queue-size}. */
    public String getSetting() {
        return setting;
    }
}
