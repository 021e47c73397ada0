package dev.river.main;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

/**
 * How every river service (river-proxy, river-serve, onnx-worker) takes its settings, highest precedence first:
 * {@code --key=value} options, environment variables ({@code river.serve.rtp.port} is {@code RIVER_SERVE_RTP_PORT}),
 * system properties, then the service's packaged {@code application.properties}. One mechanism, so the services
 * cannot drift apart. Before Camel starts, {@link #validate} checks them against the service's {@link SettingsValidator}.
 *
 * <p>The same precedence holds for the {@code camel.*} keys of application.properties (such as
 * {@code camel.main.shutdown-timeout}, environment variable {@code CAMEL_MAIN_SHUTDOWN_TIMEOUT}).
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
        return SettingKeys.envName(key);
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
     * Applies {@link #overrides} for {@code keys} and every key of the packaged application.properties to a Camel
     * Main, and turns Camel's own environment and system property lookups into fallbacks so that an environment
     * variable cannot beat a {@code --key=value} option.
     */
    public static void apply(Main main, Collection<String> keys, Properties options) {
        Set<String> all = new LinkedHashSet<>(keys);
        all.addAll(packaged().stringPropertyNames());
        Properties effective = overrides(all, options, System::getenv);
        if (!effective.isEmpty()) {
            main.setOverrideProperties(effective);
        }
        // Camel Main reads camel.* from the environment itself, after the override properties, and lets system
        // properties beat both: where such an environment variable exists, the effective value as a system property
        // keeps our precedence. Only then: a system property is JVM-wide and would leak into the next Main started
        // in the same JVM (tests start several).
        for (String key : effective.stringPropertyNames()) {
            if (key.startsWith("camel.") && System.getenv(envName(key)) != null) {
                System.setProperty(key, effective.getProperty(key));
            }
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

    /** The service's packaged application.properties (empty when there is none on the classpath). */
    public static Properties packaged() {
        Properties p = new Properties();
        try (InputStream in = ServiceSettings.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Camel Main reports an unreadable application.properties itself
        }
        return p;
    }

    /**
     * The start-up check of a service: validates the options, environment, system properties and packaged
     * application.properties with {@code validator}. On the first invalid setting prints one line
     * ({@code river-serve: invalid setting river.serve.http-port='0': expected a port number from 1 to 65535}) to
     * {@code err} and returns false: the caller exits with status 2 before anything starts or logs.
     */
    public static boolean validate(String service, SettingsValidator validator, Properties options, PrintStream err) {
        return validate(service, validator, options, System.getenv(), err);
    }

    static boolean validate(String service, SettingsValidator validator, Properties options, Map<String, String> env,
                            PrintStream err) {
        try {
            validator.checkStartup(packaged(), options, new HashMap<>(env), System.getProperties());
            return true;
        } catch (InvalidSettingException e) {
            err.println(service + ": " + e.getMessage());
            err.flush();
            return false;
        }
    }
}
