package dev.river.proxy;

/**
 * A river-proxy setting has a value the broker cannot use: river's one {@link dev.river.main.InvalidSettingException}
 * (one line naming the setting, the value and what is expected), under the name the proxy's code has always used.
 */
public final class InvalidSettingException extends dev.river.main.InvalidSettingException {

    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String setting, String value, String expected) {
        super(setting, value, expected);
    }

    /** The property key of the setting, e.g. {@code river.proxy.queue-size}. */
    public String getSetting() {
        return getProperty();
    }
}
