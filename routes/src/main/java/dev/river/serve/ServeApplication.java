package dev.river.serve;

import java.util.Locale;
import java.util.Properties;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

/**
 * river-serve: the live-video pipeline (WebRTC or RTP in, delayed video out, frame-exact inference results on a
 * WebSocket, the web app) as a Camel Main application whose routes are YAML files (classpath:routes/*.yaml).
 *
 * <p>Settings are the {@code river.serve.*} properties of application.properties; highest precedence first:
 * {@code --key=value} options, environment variables ({@code RIVER_SERVE_DELAY_MS} for {@code river.serve.delay-ms}),
 * Java system properties, application.properties.
 */
public final class ServeApplication {

    static final String NAME = "river-serve";

    private ServeApplication() {
    }

    public static void main(String[] args) throws Exception {
        Properties overrides;
        try {
            overrides = parseArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println(NAME + ": " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (overrides == null) {
            System.out.println(usage());
            return;
        }
        Main main = createMain(overrides);
        try {
            main.run();
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            System.err.println(NAME + ": " + root.getMessage());
            System.exit(1);
            return;
        }
        int code = main.getExitCode();
        if (code != 0) {
            System.exit(code);
        }
    }

    /** A Camel Main running river-serve with {@code overrides} taking precedence over every other setting source. */
    public static Main createMain(Properties overrides) {
        Main main = new Main();
        main.configure().withName(NAME);
        main.configure().addConfiguration(ServeConfiguration.class);
        Properties effective = new Properties();
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("river.serve.")) {
                effective.setProperty(key, System.getProperty(key));
            }
        }
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("RIVER_SERVE_")) {
                effective.setProperty(propertyName(k), v);
            }
        });
        effective.putAll(overrides);
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
        return main;
    }

    /** {@code RIVER_SERVE_DELAY_MS} to {@code river.serve.delay-ms} (the first two underscores are dots). */
    static String propertyName(String env) {
        String lower = env.toLowerCase(Locale.ROOT);
        return "river.serve." + lower.substring("river_serve_".length()).replace('_', '-');
    }

    /** Parses {@code --key=value} options; null when help was asked for. */
    static Properties parseArgs(String[] args) {
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

    static String usage() {
        return """
                usage: java -jar river-serve.jar [--key=value ...]
                  --river.serve.http-port=8080          web app, WHIP/WHEP, API and results WebSocket
                  --river.serve.bind=127.0.0.1          address of every listening socket
                  --river.serve.delay-ms=3000           default delay N of the returned video
                  --river.serve.proxy=tcp://127.0.0.1:5555   the river-proxy frontend
                  --river.serve.model=blazeface         default model
                  --river.serve.max-in-flight=30        inference requests per stream before frames are skipped
                  --river.serve.inference-enabled=true  false: only relay the video (delayed N), no inference
                  --river.serve.webrtc.port=20000       UDP port of all WebRTC sessions
                  --river.serve.rtp.port=5004           UDP port of plain RTP/H264 ingest
                  --river.serve.rtp.egress=127.0.0.1:5006   where delayed rtp: packets go
                every property (with its meaning) is in application.properties; RIVER_SERVE_* environment variables work too""";
    }
}
