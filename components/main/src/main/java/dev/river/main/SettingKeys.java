package dev.river.main;

import java.util.Locale;

/**
 * How a setting key is spelled as an environment variable ({@code river.proxy.queue-size} is
 * {@code RIVER_PROXY_QUEUE_SIZE}); free of Camel so that the documentation generator runs on the JDK alone.
 */
public final class SettingKeys {

    private SettingKeys() {
    }

    /** {@code river.proxy.queue-size} to {@code RIVER_PROXY_QUEUE_SIZE}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
