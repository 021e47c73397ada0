package dev.river.ops.hawtio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The console's settings ({@link #KEYS}), checked once at start so that a bad value stops it with one line naming the
 * property.
 */
public record HawtioSettings(String bind, int port, List<JolokiaEndpoint> endpoints, Set<String> proxyAllowlist,
        String war) {

    public static final String PORT = "river.hawtio.port";
    public static final String BIND = "river.hawtio.bind";
    public static final String SERVE_JOLOKIA = "river.hawtio.serve-jolokia";
    public static final String PROXY_JOLOKIA = "river.hawtio.proxy-jolokia";
    public static final String WORKER_JOLOKIA = "river.hawtio.worker-jolokia";
    public static final String PROXY_ALLOWLIST = "river.hawtio.proxy-allowlist";
    public static final String WAR = "river.hawtio.war";

    public static final String[] KEYS = { PORT, BIND, SERVE_JOLOKIA, PROXY_JOLOKIA, WORKER_JOLOKIA, PROXY_ALLOWLIST,
            WAR };

    /**
     * Reads and checks every setting through {@code lookup} (property key to value, null when unset).
     *
     * @throws InvalidSettingException naming the first property that cannot be used
     */
    public static HawtioSettings fromLookup(UnaryOperator<String> lookup) throws InvalidSettingException {
        int port = port(lookup, PORT);
        String bind = value(lookup, BIND);
        if (bind.isEmpty()) {
            throw new InvalidSettingException(BIND + ": must be an address to bind, e.g. 127.0.0.1");
        }
        List<JolokiaEndpoint> endpoints = new ArrayList<>();
        endpoint(lookup, SERVE_JOLOKIA, "river-serve").forEach(endpoints::add);
        endpoint(lookup, PROXY_JOLOKIA, "river-proxy").forEach(endpoints::add);
        endpoint(lookup, WORKER_JOLOKIA, "river-onnx-worker").forEach(endpoints::add);

        Set<String> allowlist = new LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
        endpoints.forEach(e -> allowlist.add(e.host()));
        for (String host : value(lookup, PROXY_ALLOWLIST).split(",")) {
            if (!host.isBlank()) {
                allowlist.add(host.trim());
            }
        }
        String war = value(lookup, WAR);
        if (!war.isEmpty() && !Files.isRegularFile(Path.of(war))) {
            throw new InvalidSettingException(WAR + ": no such file '" + war + "'");
        }
        return new HawtioSettings(bind, port, List.copyOf(endpoints), allowlist, war);
    }

    /** The value of Hawtio's {@code hawtio.proxyAllowlist} system property. */
    public String proxyAllowlistProperty() {
        return String.join(",", proxyAllowlist);
    }

    private static List<JolokiaEndpoint> endpoint(UnaryOperator<String> lookup, String key, String name)
            throws InvalidSettingException {
        List<String> urls = new ArrayList<>();
        for (String url : value(lookup, key).split(",")) {
            if (!url.isBlank()) {
                urls.add(url.trim());
            }
        }
        List<JolokiaEndpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            String n = urls.size() == 1 ? name : name + "-" + (i + 1);
            try {
                endpoints.add(JolokiaEndpoint.of(n, urls.get(i)));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(key + ": " + e.getMessage());
            }
        }
        return endpoints;
    }

    private static int port(UnaryOperator<String> lookup, String key) throws InvalidSettingException {
        String v = value(lookup, key);
        try {
            int port = Integer.parseInt(v);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSettingException(key + ": '" + v + "' is not a TCP port (1-65535, or 0 for any free one)");
    }

    private static String value(UnaryOperator<String> lookup, String key) {
        String v = lookup.apply(key);
        return v == null ? "" : v.trim();
    }
}
