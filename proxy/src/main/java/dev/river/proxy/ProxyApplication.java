package dev.river.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.apache.camel.main.Main;

import dev.river.main.ServiceExit;
import dev.river.main.ServiceSettings;

/**
 * river-proxy: the RIVER/1 least-busy broker as a Camel Main application.
 *
 * <p>Settings ({@link BrokerSettings#KEYS}) come from, highest precedence first: {@code --key=value} options,
 * environment variables ({@code RIVER_PROXY_FRONTEND} for {@code river.proxy.frontend}; upper case, {@code .}
 * and {@code -} as {@code _}), Java system properties, then application.properties. An invalid setting stops the
 * start with one line naming it (exit status 2).
 */
public final class ProxyApplication {

    static final String NAME = "river-proxy";

    private ProxyApplication() {
    }

    public static void main(String[] args) throws Exception {
        Properties overrides = ServiceExit.options(NAME, args, usage(), BrokerSettings.VALIDATOR);
        if (overrides == null) {
            return;
        }
        try {
            BrokerSettings.fromLookup(key -> resolve(key, overrides, packagedProperties()));
            CurveSettings.fromLookup(key -> resolve(key, overrides, packagedProperties()));
        } catch (InvalidSettingException e) {
            System.err.println(NAME + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        Main main = createMain(overrides);
        ServiceExit.run(NAME, main);
    }

    /**
     * A Camel Main running the broker with {@code overrides} (property key to value) taking precedence over every
     * other source of settings.
     */
    public static Main createMain(Properties overrides) {
        Main main = new Main();
        main.configure().withName(NAME);
        main.configure().addConfiguration(ProxyConfiguration.class);
        // Our precedence (options > environment > system properties > application.properties) is applied as
        // override properties; Camel's own environment/system lookups stay on as fallbacks for other keys.
        java.util.List<String> keys = new java.util.ArrayList<>(java.util.List.of(BrokerSettings.KEYS));
        keys.addAll(java.util.List.of(CurveSettings.KEYS));
        ServiceSettings.apply(main, keys, overrides);
        return main;
    }

    static String resolve(String key, Properties overrides, Properties packaged) {
        String v = overrides.getProperty(key);
        if (v == null) {
            v = System.getenv(ServiceSettings.envName(key));
        }
        if (v == null) {
            v = System.getProperty(key);
        }
        if (v == null) {
            v = packaged.getProperty(key);
        }
        return v;
    }

    private static Properties packagedProperties() {
        Properties p = new Properties();
        try (InputStream in = ProxyApplication.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Camel Main reports an unreadable application.properties itself
        }
        return p;
    }

    static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: java -jar river-proxy.jar [--key=value ...]\n");
        sb.append("settings (also RIVER_PROXY_* environment variables or application.properties):\n");
        sb.append("  --").append(BrokerSettings.FRONTEND).append("=").append(BrokerSettings.DEFAULT_FRONTEND)
                .append("   where clients connect\n");
        sb.append("  --").append(BrokerSettings.BACKEND).append("=").append(BrokerSettings.DEFAULT_BACKEND)
                .append("    where workers connect\n");
        sb.append("  --").append(BrokerSettings.QUEUE_SIZE).append("=").append(BrokerSettings.DEFAULT_QUEUE_SIZE)
                .append("            requests waiting for a worker before OVERLOADED\n");
        sb.append("  --").append(BrokerSettings.DEFAULT_TIMEOUT_MS).append("=").append(BrokerSettings.DEFAULT_TIMEOUT)
                .append("    deadline of requests sent with deadline 0\n");
        sb.append("  --").append(BrokerSettings.HEARTBEAT_INTERVAL_MS).append("=")
                .append(BrokerSettings.DEFAULT_HEARTBEAT_INTERVAL).append("  heartbeat period\n");
        sb.append("  --").append(BrokerSettings.HEARTBEAT_LIVENESS_MS).append("=")
                .append(BrokerSettings.DEFAULT_HEARTBEAT_LIVENESS).append("  silence after which a worker is dead\n");
        sb.append("  --").append(BrokerSettings.MAX_MESSAGE_SIZE).append("=")
                .append(BrokerSettings.DEFAULT_MAX_MESSAGE_SIZE).append("  largest accepted message in bytes");
        return sb.toString();
    }

}
