package dev.river.main;

import java.util.Collection;
import java.util.Locale;
import java.util.Properties;
import java.util.function.UnaryOperator;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

/**
 * How every river service (river-proxy, river-serve, onnx-worker) takes its settings, highest precedence first:
 * {@code --key=value} options, environment variables ({@code river.serve.rtp.port} is {@code RIVER_SERVE_RTP_PORT}),
 * system properties, then the service's packaged {@code application.properties}. One mechanism, so the services
 * cannot drift apart.
 */
public final class ServiceSettings {

    private ServiceSettings() {
    }

    /**
     * Parses {@code --key=value} options into properties; null when help was asked for.
     *
     * @throws IllegalArgumentException for any other argument
     */
    public static Properties parseArgs(String[] args) {
        Properties p = new Properties();
        for (String arg : args) {
            if ("--help".equals(arg) || "-h".equals(arg)) {
                return null;
            }
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 3) {
                throw new IllegalArgumentException("unrecognised argument '" + arg + "' (expected --key=value)");
            }
            p.setProperty(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return p;
    }

    /** {@code river.proxy.queue-size} to {@code RIVER_PROXY_QUEUE_SIZE}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * The settings that must beat {@code application.properties}: for each known key its system property, then its
     * environment variable, then the options (each later source wins).
     */
    public static Properties overrides(Collection<String> keys, Properties options, UnaryOperator<String> env) {
        Properties effective = new Properties();
        for (String key : keys) {
            String v = System.getProperty(key);
            if (v != null) {
                effective.setProperty(key, v);
            }
            v = env.apply(envName(key));
            if (v != null) {
                effective.setProperty(key, v);
            }
        }
        effective.putAll(options);
        return effective;
    }

    /**
     * Applies {@link #overrides} to a Camel Main, and turns Camel's own environment and system property lookups
     * into fallbacks so that an environment variable cannot beat a {@code --key=value} option.
     */
    public static void apply(Main main, Collection<String> keys, Properties options) {
        Properties effective = overrides(keys, options, System::getenv);
        if (!effective.isEmpty()) {
            main.setOverrideProperties(effective);
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                PropertiesComponent pc = m.getCamelContext().getPropertiesComponent();
                if (pc instanceof org.apache.camel.component.properties.PropertiesComponent p) {
                    p.setEnvironmentVariableMode(
                            org.apache.camel.component.properties.PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_FALLBACK);
                    p.setSystemPropertiesMode(
                            org.apache.camel.component.properties.PropertiesComponent.SYSTEM_PROPERTIES_MODE_FALLBACK);
                }
            }
        });
    }
}
